namespace PacketGuide.Dns.Dnssec;

/// <summary>One RRSIG as served: which RRset it covers, which key made it, and when it is valid.</summary>
public sealed record SignatureWindow(string Owner, string TypeCovered, int KeyTag, DateTimeOffset Inception, DateTimeOffset Expiration)
{
    /// <summary>Days from <paramref name="now"/> until the signature expires (negative once expired).</summary>
    public double DaysLeft(DateTimeOffset now) => (Expiration - now).TotalDays;

    public bool IsValidAt(DateTimeOffset now) => Inception <= now && now < Expiration;
}
