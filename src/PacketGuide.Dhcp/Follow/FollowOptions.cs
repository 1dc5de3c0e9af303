namespace PacketGuide.Dhcp.Follow;

/// <summary>What <see cref="DhcpTail"/> follows and how.</summary>
public sealed record FollowOptions
{
    /// <summary>Files or globs (<c>*</c> and <c>?</c> in the file name, e.g. <c>/var/log/kea/kea-dhcp4.log*</c>).</summary>
    public required IReadOnlyList<string> Patterns { get; init; }

    /// <summary>Read files found at start from their beginning; by default only new lines are read (like <c>tail -f</c>).</summary>
    public bool FromStart { get; init; }

    /// <summary>Where checkpoints are kept; with one, a restart resumes where delivery stopped.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Format, time zone, server name and year, as for <c>dhcp parse</c>.</summary>
    public DhcpParseOptions Parse { get; init; } = new();

    /// <summary>How often globs are re-expanded and files checked for rotation; file changes also wake the follower at once.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A file that no pattern matches any more (renamed away, deleted) is read until it has been quiet this long.</summary>
    public TimeSpan RetireAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often checkpoints are saved while running (also after every <see cref="CheckpointEvents"/> events, and on
    /// exit). After a crash, what was delivered since the last save is delivered again.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Save checkpoints after this many delivered events even within <see cref="CheckpointInterval"/>.</summary>
    public int CheckpointEvents { get; init; } = 5_000;

    /// <summary>Batches between the reader and the sinks; a slow sink makes reading wait, memory stays bounded.</summary>
    public int ChannelCapacity { get; init; } = 16;

    /// <summary>Bytes read from one file per turn, so that one busy file cannot starve the others.</summary>
    public int ReadBytes { get; init; } = 1 << 20;
}
