namespace PacketGuide.Server.Configuration;

/// <summary>pguide.yaml's <c>serve:</c> section (or a <c>PGUIDE_SERVE__</c> variable) is unreadable or invalid; the message names the key and the fix.</summary>
public sealed class ServeConfigException : Exception
{
    public ServeConfigException()
    {
    }

    public ServeConfigException(string message)
        : base(message)
    {
    }

    public ServeConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
