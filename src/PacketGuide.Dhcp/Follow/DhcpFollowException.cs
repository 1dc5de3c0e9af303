namespace PacketGuide.Dhcp.Follow;

/// <summary>A follow (tail) run cannot go on: bad state file, unreadable directory. The message says what to do.</summary>
public sealed class DhcpFollowException : Exception
{
    public DhcpFollowException()
    {
    }

    public DhcpFollowException(string message)
        : base(message)
    {
    }

    public DhcpFollowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
