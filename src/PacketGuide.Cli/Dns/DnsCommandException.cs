namespace PacketGuide.Cli.Dns;

/// <summary>A usage or input error of a DNS verb: printed as one line, exit code 2.</summary>
internal sealed class DnsCommandException(string message) : Exception(message);
