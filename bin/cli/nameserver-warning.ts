// What `start` and `control` print while DNSCOVE_NS is not set.
import type { ControlConfig } from '../../control/config.js';

/** A warning when every zone would get the RFC 6761 .invalid placeholders, or undefined. */
export function nameserverWarning(config: ControlConfig): string | undefined {
  if (!config.nameservers.some((n) => n.endsWith('.invalid.'))) return undefined;
  return (
    `WARNING: DNSCOVE_NS is not set: zones get the placeholder name servers ${config.nameservers.join(', ')}, ` +
    'which no registrar can delegate to. Set DNSCOVE_NS=ns1.example.net,ns2.example.net (the names of your edges).\n'
  );
}
