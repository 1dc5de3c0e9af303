using System.Runtime.InteropServices;
using PacketGuide.Dhcp;

namespace PacketGuide.Alerting.Engine;

/// <summary>
/// The hot path of alerting: the DHCP events rules count (ACK, NAK, DECLINE, allocation failure), per subnet, in
/// 15-second buckets over the last two hours. Observing an event is one dictionary lookup and one increment, whatever the
/// number of rules; rules sum buckets when they are evaluated. Events older than the horizon (a log read from its
/// start) are not counted: they would fire alerts about the past.
/// </summary>
internal sealed class EventWindows
{
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(2);
    public static readonly TimeSpan Bucket = TimeSpan.FromSeconds(15);
    private static readonly long BucketTicks = Bucket.Ticks;
    private static readonly int Buckets = (int)(Horizon.Ticks / BucketTicks);
    private const int Slots = 4;

    private readonly Dictionary<string, Counts> _subnets = new(StringComparer.Ordinal);

    /// <summary>The slot a kind is counted in, or -1 for kinds no rule counts.</summary>
    public static int SlotOf(DhcpMessageKind kind) => kind switch
    {
        DhcpMessageKind.Ack => 0,
        DhcpMessageKind.Nak => 1,
        DhcpMessageKind.Decline => 2,
        DhcpMessageKind.AllocationFailed => 3,
        _ => -1,
    };

    public int Subnets => _subnets.Count;

    /// <summary>Counts <paramref name="count"/> events (1 as they come; more when the windows are rebuilt from the store at start).</summary>
    public void Observe(DhcpMessageKind kind, string subnet, DateTimeOffset time, DateTimeOffset now, int count = 1)
    {
        var slot = SlotOf(kind);
        if (slot < 0 || now - time >= Horizon)
        {
            return;
        }

        var tick = Math.Min(time.UtcTicks, now.UtcTicks) / BucketTicks;
        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_subnets, subnet, out var exists);
        if (!exists)
        {
            counts = new Counts(Buckets);
        }

        counts!.Add(slot, tick, count);
    }

    /// <summary>
    /// Events of <paramref name="kind"/> in <paramref name="subnet"/> from <paramref name="from"/> ago up to
    /// <paramref name="to"/> ago (zero: now). Whole buckets: the one holding the start counts, so a window is never
    /// shorter than asked (at most one bucket longer); a range ending in the past stops before the bucket its end falls
    /// in, so it does not overlap a window that starts there.
    /// </summary>
    public long Count(string subnet, DhcpMessageKind kind, TimeSpan from, TimeSpan to, DateTimeOffset now)
    {
        var slot = SlotOf(kind);
        if (slot < 0 || !_subnets.TryGetValue(subnet, out var counts))
        {
            return 0;
        }

        var first = (now - from).UtcTicks / BucketTicks;
        var last = to == TimeSpan.Zero ? now.UtcTicks / BucketTicks : ((now - to).UtcTicks / BucketTicks) - 1;
        return counts.Sum(slot, first, last);
    }

    /// <summary>The subnets any counted event named.</summary>
    public IEnumerable<string> Known => _subnets.Keys;

    private sealed class Counts(int buckets)
    {
        private readonly int[] _counts = new int[Slots * buckets];
        private readonly long[] _tickOf = new long[buckets];

        public void Add(int slot, long tick, int count)
        {
            var index = (int)(tick % _tickOf.Length);
            if (_tickOf[index] != tick)
            {
                if (_tickOf[index] > tick)
                {
                    return; // older than what the bucket holds now: past the horizon
                }

                _tickOf[index] = tick;
                for (var s = 0; s < Slots; s++)
                {
                    _counts[(s * _tickOf.Length) + index] = 0;
                }
            }

            _counts[(slot * _tickOf.Length) + index] += count;
        }

        /// <summary>The sum over buckets with ticks from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
        public long Sum(int slot, long first, long last)
        {
            long sum = 0;
            for (var tick = Math.Max(first, last - _tickOf.Length + 1); tick <= last; tick++)
            {
                var index = (int)(tick % _tickOf.Length);
                if (_tickOf[index] == tick)
                {
                    sum += _counts[(slot * _tickOf.Length) + index];
                }
            }

            return sum;
        }
    }
}
