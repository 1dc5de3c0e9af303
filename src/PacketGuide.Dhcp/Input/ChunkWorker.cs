using System.Buffers;
using PacketGuide.Dhcp.Analysis;
using PacketGuide.Dhcp.Parsing;

namespace PacketGuide.Dhcp.Input;

/// <summary>
/// What one parsing thread reuses from chunk to chunk, so that a file costs the same memory whatever its size: the
/// read buffer (from the shared pool, so small files reuse it too; only the part a chunk reads is ever touched), Kea's
/// 98 KB correlation table (which would otherwise be a large-object allocation per chunk) and the set of distinct
/// clients the worker has seen.
/// </summary>
internal sealed class ChunkWorker(int bufferSize) : IDisposable
{
    public byte[] Buffer { get; } = ArrayPool<byte>.Shared.Rent(bufferSize);

    public KeaTransactionWindow Window { get; } = new();

    public DistinctClientSet Clients { get; } = new();

    /// <summary>Returns the buffer to the pool; call once no chunk is being parsed.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}
