namespace PacketGuide.Alerting.Config;

/// <summary>Where notifications go: Alertmanager's API, a generic webhook, PagerDuty Events v2, or email.</summary>
public enum AlertChannelType
{
    Alertmanager,
    Webhook,
    PagerDuty,
    Email,
}

/// <summary>How an email channel secures its SMTP connection.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS on the submission port (587), required: no mail goes out in clear.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Implicit,

    /// <summary>No TLS: only for a relay on loopback or a trusted network.</summary>
    None,
}

/// <summary>
/// One entry of <c>alerting.channels</c>. Secrets are references (<c>env:NAME</c> or <c>file:/path</c>) resolved when the
/// service starts, never stored with the notifications.
/// </summary>
public sealed record AlertChannel
{
    public required string Name { get; init; }

    public required AlertChannelType Type { get; init; }

    /// <summary>Alertmanager's base URL, the webhook's URL, PagerDuty's Events API v2 endpoint, or <c>smtp://host:port</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>
    /// Webhook: the HMAC-SHA256 key's reference (the body's signature goes in <c>X-Pguide-Signature: sha256=HEX</c>).
    /// PagerDuty: the integration's routing key (<c>routing-key</c>).
    /// </summary>
    public string? Secret { get; init; }

    /// <summary>Only alerts of these severities (empty: all).</summary>
    public IReadOnlySet<AlertSeverity> Severities { get; init; } = new HashSet<AlertSeverity>();

    /// <summary>How long a notification is retried before it is given up as expired (default 24 h).</summary>
    public TimeSpan Expire { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Email: the SMTP server's security, account, sender and recipients; the password's reference is <see cref="Secret"/>.</summary>
    public SmtpSecurity Tls { get; init; } = SmtpSecurity.StartTls;

    public string? User { get; init; }

    public string? From { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>Email: a PEM file of the CA to trust for the server's certificate (a private CA); default the system's.</summary>
    public string? CaFile { get; init; }

    /// <summary>PagerDuty: events sent per minute at most (its Events API limits each routing key; default 100).</summary>
    public int PerMinute { get; init; } = 100;

    public string Location { get; init; } = "";
}
