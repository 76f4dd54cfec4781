"""Rules about hxmigrate itself, for every family (WS9xx): suppressions that silence nothing."""
