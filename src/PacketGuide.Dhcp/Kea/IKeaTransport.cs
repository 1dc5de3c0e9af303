namespace PacketGuide.Dhcp.Kea;

/// <summary>Sends one command document and returns the whole answer. Implementations map failures to <see cref="KeaException"/>s.</summary>
internal interface IKeaTransport : IDisposable
{
    /// <summary>The URL (without user info) or socket path, for messages.</summary>
    string Target { get; }

    /// <summary>True when answers are the control agent's array (one object per service).</summary>
    bool IsAgent { get; }

    Task<ReadOnlyMemory<byte>> SendAsync(ReadOnlyMemory<byte> request, string command, CancellationToken cancellationToken);
}
