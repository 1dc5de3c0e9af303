namespace PacketGuide.Dhcp.Input;

/// <summary>An input that cannot be read (missing, a directory, unreadable, format unknown). The message names it.</summary>
public sealed class DhcpInputException : Exception
{
    public DhcpInputException()
    {
    }

    public DhcpInputException(string message)
        : base(message)
    {
    }

    public DhcpInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
