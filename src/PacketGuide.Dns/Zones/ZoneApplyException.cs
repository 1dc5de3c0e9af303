namespace PacketGuide.Dns.Zones;

public enum ZoneApplyFailure
{
    /// <summary>A safety limit blocks the plan; <c>--force</c> overrides it.</summary>
    Refused,

    /// <summary>The zone changed since the plan was made.</summary>
    Stale,
}

/// <summary>Why an apply sent nothing, in words that say how to proceed.</summary>
public sealed class ZoneApplyException : Exception
{
    public ZoneApplyException()
    {
    }

    public ZoneApplyException(string message)
        : base(message)
    {
    }

    public ZoneApplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ZoneApplyException(ZoneApplyFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public ZoneApplyFailure Failure { get; }
}
