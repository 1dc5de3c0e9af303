namespace PacketGuide.Dns.Providers;

/// <summary>Why a provider refused or failed, in words an operator can act on; never carries a secret.</summary>
public class DnsProviderException : Exception
{
    public DnsProviderException()
    {
    }

    public DnsProviderException(string message)
        : base(message)
    {
    }

    public DnsProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What kind of failure: decides the exit code (unreachable: 3, everything else: 2).</summary>
    public DnsProviderFailure Failure { get; init; } = DnsProviderFailure.Refused;
}

public enum DnsProviderFailure
{
    /// <summary>The provider answered no: bad content, unknown zone, wrong key.</summary>
    Refused,

    /// <summary>The provider could not be reached or did not answer in time.</summary>
    Unreachable,

    /// <summary>A precondition did not hold (someone else changed the RRset): read again and retry.</summary>
    PreconditionFailed,
}
