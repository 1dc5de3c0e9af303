namespace PacketGuide.Server.Storage;

/// <summary>A write lost to another (a taken unique name, a stale version): HTTP 409 or 412.</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
