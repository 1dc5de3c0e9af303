using System.Buffers.Binary;
using System.Net;
using System.Numerics;

namespace PacketGuide.Dhcp.Config;

/// <summary>
/// Address → pool and address → subnet lookups for a lease tracker that calls them once per lease: ranges sorted by their
/// first address and searched with a binary search on 32-bit (IPv4) or 128-bit (IPv6) integers. No allocation per call.
/// Overlapping ranges (a misconfiguration, or nested subnets) still answer correctly: the innermost match wins.
/// </summary>
public sealed class DhcpPoolIndex
{
    private readonly RangeTable<uint, AddressPool> _pools4;
    private readonly RangeTable<UInt128, AddressPool> _pools6;
    private readonly RangeTable<uint, DhcpSubnet> _subnets4;
    private readonly RangeTable<UInt128, DhcpSubnet> _subnets6;
    private readonly RangeTable<UInt128, PrefixDelegationPool> _prefixPools;

    public DhcpPoolIndex(IEnumerable<DhcpSubnet> subnets)
    {
        ArgumentNullException.ThrowIfNull(subnets);
        var pools4 = new List<(uint, uint, AddressPool)>();
        var pools6 = new List<(UInt128, UInt128, AddressPool)>();
        var subnets4 = new List<(uint, uint, DhcpSubnet)>();
        var subnets6 = new List<(UInt128, UInt128, DhcpSubnet)>();
        var prefixPools = new List<(UInt128, UInt128, PrefixDelegationPool)>();
        foreach (var subnet in subnets)
        {
            var (first, last) = IpMath.Bounds(subnet.Prefix);
            var v4 = subnet.Family == System.Net.Sockets.AddressFamily.InterNetwork;
            if (v4)
            {
                subnets4.Add(((uint)first, (uint)last, subnet));
            }
            else
            {
                subnets6.Add((first, last, subnet));
            }

            foreach (var pool in subnet.Pools)
            {
                if (pool.Family == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    pools4.Add(((uint)pool.FirstValue, (uint)pool.LastValue, pool));
                }
                else
                {
                    pools6.Add((pool.FirstValue, pool.LastValue, pool));
                }
            }

            foreach (var pool in subnet.PrefixPools)
            {
                prefixPools.Add((pool.FirstValue, pool.EndValue, pool));
            }
        }

        _pools4 = new(pools4);
        _pools6 = new(pools6);
        _subnets4 = new(subnets4);
        _subnets6 = new(subnets6);
        _prefixPools = new(prefixPools);
    }

    /// <summary>Number of address pools indexed.</summary>
    public int PoolCount => _pools4.Count + _pools6.Count;

    /// <summary>The address pool holding <paramref name="address"/>, or null.</summary>
    public AddressPool? FindPool(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return null;
        }

        return written == 4
            ? _pools4.Find(BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : _pools6.Find(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>The subnet whose prefix holds <paramref name="address"/> (the longest such prefix), or null.</summary>
    public DhcpSubnet? FindSubnet(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return null;
        }

        return written == 4
            ? _subnets4.Find(BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : _subnets6.Find(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>The prefix-delegation pool holding <paramref name="prefix"/> (a delegated prefix's start), or null.</summary>
    public PrefixDelegationPool? FindPrefixPool(IPAddress prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? _prefixPools.Find(IpMath.ToUInt128(prefix)) : null;
    }

    /// <summary>Inclusive ranges sorted by start (then widest first), with a running maximum of the ends for overlaps.</summary>
    private sealed class RangeTable<T, TValue>
        where T : struct, IBinaryInteger<T>
        where TValue : class
    {
        private readonly T[] _firsts;
        private readonly T[] _lasts;
        private readonly T[] _maxLasts;
        private readonly TValue[] _values;

        public RangeTable(List<(T First, T Last, TValue Value)> ranges)
        {
            ranges.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
            _firsts = new T[ranges.Count];
            _lasts = new T[ranges.Count];
            _maxLasts = new T[ranges.Count];
            _values = new TValue[ranges.Count];
            var max = T.Zero;
            for (var i = 0; i < ranges.Count; i++)
            {
                (_firsts[i], _lasts[i], _values[i]) = ranges[i];
                max = i == 0 || ranges[i].Last > max ? ranges[i].Last : max;
                _maxLasts[i] = max;
            }
        }

        public int Count => _values.Length;

        public TValue? Find(T value)
        {
            // The last range that starts at or before value; earlier ones can still hold it only if ranges overlap.
            var i = UpperBound(value) - 1;
            while (i >= 0 && _maxLasts[i] >= value)
            {
                if (_lasts[i] >= value)
                {
                    return _values[i];
                }

                i--;
            }

            return null;
        }

        private int UpperBound(T value)
        {
            int lo = 0, hi = _firsts.Length;
            while (lo < hi)
            {
                var mid = (int)((uint)(lo + hi) >> 1);
                if (_firsts[mid] <= value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
