namespace PacketGuide.Dns.Config;

/// <summary>pguide.yaml cannot be used: the message names the file, line and key, and what to write instead.</summary>
public sealed class DnsConfigException : Exception
{
    public DnsConfigException()
    {
    }

    public DnsConfigException(string message)
        : base(message)
    {
    }

    public DnsConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
