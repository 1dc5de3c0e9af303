namespace PacketGuide.Server.Alerting;

/// <summary>How a send ended: delivered; worth retrying (429, 5xx, unreachable); refused for good (any other answer).</summary>
public enum SendOutcome
{
    Delivered,
    Retry,
    Refused,
}
