namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// How far a file has been delivered: every line that ends before <see cref="Offset"/> reached the sinks.
/// <see cref="Line"/> is the number of lines before <see cref="Offset"/>, for <c>file:line</c> references.
/// </summary>
public sealed record FollowCheckpoint(FileIdentity Identity, LineFingerprint Fingerprint, long Offset, long Line, string Path);
