using Microsoft.Win32.SafeHandles;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Follow;

/// <summary>
/// One file the follower has open: its identity, how far it has been read, and its parser (which keeps Kea's
/// correlation state between turns). The handle stays open after a rename or delete, so the rest of the file can be
/// read to its end.
/// </summary>
internal sealed class FollowedFile(SafeFileHandle handle, FileIdentity identity, string path) : IDisposable
{
    public SafeFileHandle Handle { get; } = handle;

    public FileIdentity Identity { get; } = identity;

    /// <summary>The name it was last seen under.</summary>
    public string Path { get; set; } = path;

    /// <summary>Unknown (default) until the first line is complete.</summary>
    public LineFingerprint Fingerprint { get; set; }

    public bool HasFingerprint => Fingerprint != default;

    /// <summary>Everything before this has been read and handed on (always the start of a line).</summary>
    public long Offset { get; set; }

    /// <summary>Lines before <see cref="Offset"/>.</summary>
    public long Line { get; set; }

    /// <summary>Inside a line longer than the line limit: skipping to its end.</summary>
    public bool SkippingLongLine { get; set; }

    /// <summary>A copy (same first line, other inode) of a file still being followed; not read until that one is rotated away.</summary>
    public FollowedFile? ShadowOf { get; set; }

    /// <summary>False once no pattern matches it (renamed out of the glob, or deleted).</summary>
    public bool Matched { get; set; } = true;

    /// <summary>When data was last read, or when it was found.</summary>
    public DateTimeOffset LastActivity { get; set; }

    public DhcpLogLineParser? Parser { get; set; }

    public TailSink? Sink { get; set; }

    public FollowCheckpoint Checkpoint => new(Identity, Fingerprint, Offset, Line, Path);

    public void Dispose() => Handle.Dispose();
}
