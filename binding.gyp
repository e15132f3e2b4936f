{
  "targets": [
    {
      "target_name": "dnscove_udp",
      "sources": ["edge/native/udp-batch.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
