#!/usr/bin/env bash
# Sends one command to a Kea control socket and prints the raw JSON answer.
#   kea-ctl.sh SOCKET '{"command":"status-get"}'
# Kea's unix control socket speaks bare JSON (no HTTP): one command per connection, the server closes it after
# answering. Uses perl (IO::Socket::UNIX ships in perl-base) so no socat is needed.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: ${0##*/} SOCKET JSON" >&2; exit 2; }
exec perl -MIO::Socket::UNIX -e '
  my ($path, $json) = @ARGV;
  my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $path) or die "connect $path: $!\n";
  print $s $json;
  $s->shutdown(1);
  local $/;
  my $answer = <$s>;
  die "no answer from $path\n" unless defined $answer && length $answer;
  print $answer;
  print "\n" unless $answer =~ /\n\z/;
' "$1" "$2"
