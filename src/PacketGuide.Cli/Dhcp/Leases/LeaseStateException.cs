namespace PacketGuide.Cli.Dhcp.Leases;

/// <summary>A usage or input problem while building lease state; the message says what to fix.</summary>
internal sealed class LeaseStateException : Exception
{
    public LeaseStateException()
    {
    }

    public LeaseStateException(string message)
        : base(message)
    {
    }

    public LeaseStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
