// What `start` and `control` print when DNSCOVE_DEV=1 keeps dev mode on an address other machines reach.

export const DEV_MODE_WARNING = [
  '',
  '!!! WARNING: DEV MODE ON AN ADDRESS OTHER MACHINES CAN REACH (DNSCOVE_DEV=1) !!!',
  '!!! Every login request is answered with the login link itself: anyone who can reach this',
  '!!! port can sign in as any address and change its zones. Set SMTP_URL for real mail.',
  '',
  '',
].join('\n');
