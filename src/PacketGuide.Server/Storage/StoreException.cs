namespace PacketGuide.Server.Storage;

/// <summary>The store cannot be used as it is (a schema newer than this pguide, a conflicting write); the message says what to do.</summary>
public sealed class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
