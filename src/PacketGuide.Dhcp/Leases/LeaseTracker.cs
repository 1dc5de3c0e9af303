using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PacketGuide.Dhcp.Config;
using PacketGuide.Dhcp.Kea;

namespace PacketGuide.Dhcp.Leases;

/// <summary>
/// The current lease of every address, built from events (logs, lease files, the control API) and lease lifetimes, and
/// the pool utilization that follows from it. Thread-safe: one writer (the tail's delivery) and any number of readers.
/// </summary>
/// <remarks>
/// <para>Rules, chosen to agree with Kea's lease database:</para>
/// <list type="bullet">
/// <item>An ACK (or a REPLY carrying a lease) grants or renews the address until <c>time + lifetime</c>. Events without a
/// lifetime (dhcpd) use the client's previous lifetime, else the subnet's configured one, else
/// <see cref="LeaseTrackerOptions.DefaultLeaseSeconds"/>.</item>
/// <item>A RELEASE or an expiry ends it, unless the event names a different client than the lease's.</item>
/// <item>A DECLINE makes the address unusable for the probation period; it counts as assigned and as declined.</item>
/// <item>A DHCPv4 client holds one lease per subnet: its new address ends its old one.</item>
/// <item>An event older than the last one applied to its address is stale and ignored, so at-least-once delivery
/// (the same event twice) and merged logs cannot resurrect an ended lease.</item>
/// <item>Leases expire by their lifetime even when the server logs nothing: the tracker's clock is the newest event time,
/// never later than the wall clock, and queries may pass a later moment.</item>
/// </list>
/// </remarks>
public sealed class LeaseTracker
{
    /// <summary>The latest storable time (2106); later ones are clamped. <see cref="LeaseSlot.Never"/> is above it.</summary>
    private const long MaxTime = uint.MaxValue - 1;
    private const string UnknownSubnet = "unknown";

    /// <summary>Subnets known only by the events' label: more than this many distinct labels count as "unknown".</summary>
    private const int MaxLabels = 16_384;

    /// <summary>How long an ended lease's address is remembered to recognise replayed events (one day).</summary>
    private const long TombstoneSeconds = 86_400;
    private static readonly UInt128 V4Mapped = (UInt128)0xffff << 32;

    private readonly Lock _gate = new();
    private readonly LeaseTrackerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly DhcpServerConfig? _config;
    private readonly LeaseSlotStore _slots = new();
    private readonly SlotIndex<UInt128, AddressSlotKeys> _byAddress;
    private readonly SlotIndex<(ulong Mac, int Subnet), ClientSlotKeys> _byClient;
    private readonly PriorityQueue<int, uint> _expiries = new();
    private readonly List<LeaseBucket> _buckets = [];
    private readonly List<SubnetCounters> _subnets = [];
    private readonly Dictionary<AddressPool, int> _poolBuckets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PrefixDelegationPool, int> _prefixPoolBuckets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<DhcpSubnet, int> _configuredSubnets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<long, int> _subnetsById = [];
    private readonly Dictionary<string, int> _labelBuckets = new(StringComparer.Ordinal);
    private readonly List<string> _serverNames = [];
    private readonly Dictionary<string, ushort> _serverIndex = new(StringComparer.Ordinal);
    private long _clock = long.MinValue;
    private long _active;
    private long _declined;
    private long _ended;
    private long _endedLimit = 65_536;

    /// <param name="config">The server's subnets and pools; without one, leases are counted per subnet label and totals are unknown.</param>
    public LeaseTracker(LeaseTrackerOptions options, TimeProvider timeProvider, DhcpServerConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
        _config = config;
        _byAddress = new(new AddressSlotKeys(_slots));
        _byClient = new(new ClientSlotKeys(_slots, _buckets));
        if (config is null)
        {
            return;
        }

        foreach (var subnet in config.Subnets)
        {
            var index = _subnets.Count;
            var counters = new SubnetCounters(subnet, subnet.Prefix.ToString(), subnet.Id);
            _subnets.Add(counters);
            _configuredSubnets[subnet] = index;
            if (subnet.Id is { } id)
            {
                _subnetsById.TryAdd(id, index);
            }

            foreach (var pool in subnet.Pools)
            {
                counters.PoolBuckets.Add(_poolBuckets[pool] = AddBucket(new LeaseBucket(index, pool, null)));
            }

            foreach (var pool in subnet.PrefixPools)
            {
                counters.PrefixPoolBuckets.Add(_prefixPoolBuckets[pool] = AddBucket(new LeaseBucket(index, null, pool)));
            }

            counters.OutsideBucket = AddBucket(new LeaseBucket(index, null, null));
        }
    }

    /// <summary>Leases held now (declined addresses not included), as of the last event or query.</summary>
    /// <summary>Leases held now (declined addresses not included), as of the last event or query.</summary>
    public long ActiveLeases
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Applies one event and says what it changed.</summary>
    public LeaseChange Apply(LeaseEvent leaseEvent) => Apply(leaseEvent, superseded: null);

    /// <summary>
    /// Applies one event and says what it changed; when the event gives a client a new address in a subnet where it held
    /// another, that other address is added to <paramref name="superseded"/> (a store mirroring the tracker deletes it).
    /// </summary>
    public LeaseChange Apply(LeaseEvent leaseEvent, ICollection<IPAddress>? superseded)
    {
        ArgumentNullException.ThrowIfNull(leaseEvent);
        if (leaseEvent.Ip is not { } ip)
        {
            return LeaseChange.None;
        }

        var wallClock = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var time = Math.Clamp(leaseEvent.Time is { } t ? Math.Min(t.ToUnixTimeSeconds(), wallClock + 86_400) : wallClock, 1, MaxTime);
        lock (_gate)
        {
            // Advance the clock first, so that an address whose lease ran out before this event is free when it arrives.
            AdvanceClock(Math.Min(time, wallClock));
            var key = KeyOf(ip);
            return leaseEvent.Kind switch
            {
                DhcpMessageKind.Ack => Grant(key, ip, leaseEvent, time, superseded),
                DhcpMessageKind.Release or DhcpMessageKind.Expire => End(key, leaseEvent.Mac, time),
                DhcpMessageKind.Decline => Decline(key, ip, leaseEvent, time),
                _ => LeaseChange.None,
            };
        }
    }

    /// <summary>Applies events in order; returns how many changed the state.</summary>
    public long ApplyAll(IEnumerable<LeaseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        long changed = 0;
        foreach (var e in events)
        {
            changed += Apply(e) == LeaseChange.None ? 0 : 1;
        }

        return changed;
    }

    /// <summary>Ends every lease that expired at or before <paramref name="at"/> (default: now) and returns how many ended.</summary>
    public long Expire(DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            var before = _active + _declined;
            AdvanceClock((at ?? _timeProvider.GetUtcNow()).ToUnixTimeSeconds());
            return before - (_active + _declined);
        }
    }

    /// <summary>The lease of one address, or null when the address is free.</summary>
    public TrackedLease? Find(IPAddress address, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            AdvanceClock((at ?? _timeProvider.GetUtcNow()).ToUnixTimeSeconds());
            var slot = _byAddress.Find(KeyOf(address));
            return slot >= 0 && _slots[slot].Holds ? Snapshot(slot) : null;
        }
    }

    /// <summary>Current leases matching <paramref name="filter"/>, sorted by address, as of <paramref name="at"/> (default: now).</summary>
    public IReadOnlyList<TrackedLease> GetLeases(LeaseFilter? filter = null, DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            AdvanceClock((at ?? _timeProvider.GetUtcNow()).ToUnixTimeSeconds());
            var subnets = filter?.Subnet is { } s ? MatchSubnets(s) : null;
            var network = filter?.Network;
            var matches = new List<(UInt128 Key, int Slot)>();
            for (var i = 0; i < _slots.Count; i++)
            {
                ref var slot = ref _slots[i];
                if (!slot.Holds
                    || (filter?.Mac is { } mac && (!slot.HasMac || slot.Mac != mac.Value))
                    || (filter?.State is { } state && state != (slot.State == LeaseSlotState.Active ? TrackedLeaseState.Active : TrackedLeaseState.Declined))
                    || (subnets is not null && !subnets.Contains(_buckets[slot.Bucket].Subnet))
                    || (network is { } n && !n.Contains(AddressOf(slot.Key))))
                {
                    continue;
                }

                matches.Add((slot.Key, i));
            }

            matches.Sort((a, b) => a.Key.CompareTo(b.Key));
            return matches.ConvertAll(m => Snapshot(m.Slot));
        }
    }

    /// <summary>Utilization per subnet and pool as of <paramref name="at"/> (default: now). Costs O(pools), not O(leases).</summary>
    public UtilizationReport GetUtilization(DateTimeOffset? at = null)
    {
        var moment = at ?? _timeProvider.GetUtcNow();
        lock (_gate)
        {
            AdvanceClock(moment.ToUnixTimeSeconds());
            var subnets = new List<SubnetUtilization>(_subnets.Count);
            foreach (var counters in _subnets)
            {
                subnets.Add(Summarize(counters));
            }

            return new UtilizationReport(moment, _active, _declined, subnets);
        }
    }

    /// <summary>
    /// Makes the server's lease list the tracker's state (the server is the truth) and reports how far the tracker had
    /// drifted from it. Leases the server lists as expired-reclaimed or released end here too.
    /// </summary>
    public LeaseReconciliation Reconcile(IReadOnlyList<KeaLease> serverLeases, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(serverLeases);
        var moment = at ?? _timeProvider.GetUtcNow();
        var now = moment.ToUnixTimeSeconds();
        lock (_gate)
        {
            AdvanceClock(now);
            long held = 0, missing = 0, changed = 0, extra = 0;
            var examples = new List<LeaseDrift>();
            var listed = new List<int>();
            var server = ServerIndex("control-api");
            foreach (var lease in serverLeases)
            {
                var kind = LeaseStates.FromKea(lease.State, lease.ValidLifetime);
                var expires = Saturate(lease.Cltt, lease.ValidLifetime);
                if (kind is not (DhcpMessageKind.Ack or DhcpMessageKind.Decline) || expires <= now)
                {
                    continue;
                }

                held++;
                var key = KeyOf(lease.Address);
                var slot = _byAddress.Find(key);
                MacAddress? mac = MacAddress.TryParse(lease.HwAddress, out var m) ? m : null;
                var clientId = lease.Duid ?? lease.ClientId;
                if (slot < 0 || !_slots[slot].Holds)
                {
                    missing++;
                    Note(examples, lease.Address, LeaseDriftKind.Missing);
                }
                else if (OtherClient(slot, mac, clientId) || Math.Abs(ExpiresOf(in _slots[slot]) - expires) > 2)
                {
                    changed++;
                    Note(examples, lease.Address, LeaseDriftKind.Changed);
                }

                var state = kind == DhcpMessageKind.Decline ? LeaseSlotState.Declined : LeaseSlotState.Active;
                var bucket = BucketFor(lease.Address, lease.SubnetId.ToString(CultureInfo.InvariantCulture));
                var prefixLength = (byte)(lease.PrefixLength is { } p and > 0 and < 128 ? p : 0);
                listed.Add(Store(key, bucket, state, mac, clientId, lease.Hostname, server, prefixLength, lease.Cltt, expires, lease.Cltt));
            }

            var seen = new BitArray(_slots.Count);
            foreach (var slot in listed)
            {
                seen[slot] = true;
            }

            for (var i = 0; i < _slots.Count; i++)
            {
                if (_slots[i].Holds && !seen[i])
                {
                    extra++;
                    Note(examples, AddressOf(_slots[i].Key), LeaseDriftKind.Extra);
                    Release(i, now);
                }
            }

            return new LeaseReconciliation(moment, held, missing, extra, changed, examples);
        }
    }

    /// <summary>
    /// Whether the server's lease names another client than the tracker's: both know a hardware address and they differ,
    /// or both know a client id (DUID) and they differ. What only one side knows is no difference: Kea's DHCPv6 log names
    /// a client by DUID alone, while its lease list also has the hardware address it derived from that DUID.
    /// </summary>
    private bool OtherClient(int slot, MacAddress? mac, string? clientId)
    {
        ref var s = ref _slots[slot];
        if (mac is { } m && s.HasMac && s.Mac != m.Value)
        {
            return true;
        }

        return !string.IsNullOrEmpty(clientId) && ClientIdOf(in s) is { Length: > 0 } known
            && !string.Equals(known, clientId, StringComparison.OrdinalIgnoreCase);
    }

    private static void Note(List<LeaseDrift> examples, IPAddress address, LeaseDriftKind kind)
    {
        if (examples.Count(e => e.Kind == kind) < 10)
        {
            examples.Add(new LeaseDrift(address, kind));
        }
    }

    private LeaseChange Grant(UInt128 key, IPAddress ip, LeaseEvent e, long time, ICollection<IPAddress>? superseded)
    {
        var slot = _byAddress.Find(key);
        if (slot >= 0 && time < _slots[slot].LastChange)
        {
            return LeaseChange.None;
        }

        var renewing = slot >= 0 && _slots[slot].Holds;
        var bucket = BucketFor(ip, e.Subnet);
        var lifetime = e.LeaseSeconds
            ?? (renewing && e.Mac is { } m && _slots[slot].HasMac && _slots[slot].Mac == m.Value ? ExpiresOf(in _slots[slot]) - _slots[slot].Start : (long?)null)
            ?? _subnets[_buckets[bucket].Subnet].Config?.LeaseLifetime
            ?? _options.DefaultLeaseSeconds;
        if (lifetime <= 0)
        {
            // Kea writes a released lease as a lifetime of 0.
            return End(key, e.Mac, time);
        }

        var expires = Saturate(time, lifetime);
        if (expires <= _clock)
        {
            // Already over (a replayed or late event): remember its time, count nothing.
            return renewing ? End(key, e.Mac, time) : LeaseChange.None;
        }

        var previous = PreviousLeaseOfClient(key, bucket, e.Mac);
        Store(key, bucket, LeaseSlotState.Active, e.Mac, e.ClientId, e.Hostname, ServerIndex(e.Server), 0, time, expires, time);
        if (previous >= 0 && _slots[previous].LastChange <= time)
        {
            Release(previous, time);
            superseded?.Add(AddressOf(_slots[previous].Key));
        }

        return renewing ? LeaseChange.Renewed : LeaseChange.Added;
    }

    private LeaseChange Decline(UInt128 key, IPAddress ip, LeaseEvent e, long time)
    {
        var slot = _byAddress.Find(key);
        if (slot >= 0 && time < _slots[slot].LastChange)
        {
            return LeaseChange.None;
        }

        var renewing = slot >= 0 && _slots[slot].Holds;
        Store(key, BucketFor(ip, e.Subnet), LeaseSlotState.Declined, null, null, null, ServerIndex(e.Server), 0,
            time, Saturate(time, _options.DeclineProbationSeconds), time);
        return renewing ? LeaseChange.Renewed : LeaseChange.Added;
    }

    private LeaseChange End(UInt128 key, MacAddress? mac, long time)
    {
        var slot = _byAddress.Find(key);
        if (slot < 0)
        {
            return LeaseChange.None;
        }

        ref var s = ref _slots[slot];
        if (time < s.LastChange)
        {
            return LeaseChange.None;
        }

        if (!s.Holds)
        {
            s.LastChange = (uint)time;
            return LeaseChange.None;
        }

        if (mac is { } m && s.HasMac && s.Mac != m.Value)
        {
            // Kea logs a release from the wrong client (DHCP4_RELEASE_FAIL_WRONG_CLIENT); the lease stays.
            return LeaseChange.None;
        }

        Release(slot, time);
        return LeaseChange.Removed;
    }

    /// <summary>
    /// The slot of the DHCPv4 lease <paramref name="mac"/> holds in the subnet of <paramref name="bucket"/> at another
    /// address, or -1. A client holds one lease per subnet (Kea deletes the old one), so a new address ends it.
    /// </summary>
    private int PreviousLeaseOfClient(UInt128 key, int bucket, MacAddress? mac)
    {
        if (mac is not { } m || !IsV4(key))
        {
            return -1;
        }

        var previous = _byClient.Find((m.Value, _buckets[bucket].Subnet));
        return previous >= 0 && _slots[previous].Holds && !_slots[previous].Key.Equals(key) ? previous : -1;
    }

    /// <summary>Writes an address's state, moving its count between buckets and keeping the indexes current; returns the slot.</summary>
    private int Store(UInt128 key, int bucket, LeaseSlotState state, MacAddress? mac, string? clientId, string? hostname,
        ushort server, byte prefixLength, long start, long expires, long lastChange)
    {
        var slot = _byAddress.Find(key);
        if (slot < 0)
        {
            slot = _slots.Allocate();
            _slots[slot].Key = key;
            _byAddress.Set(key, slot);
        }

        ref var s = ref _slots[slot];
        var clientIndexed = IsClientIndexed(in s);
        if (s.Holds)
        {
            Uncount(in s);
        }
        else if (s.State == LeaseSlotState.Ended)
        {
            _ended--;
        }

        // A renewal by the same client in the same subnet keeps its client-index entry; anything else moves it.
        var sameClient = clientIndexed && state == LeaseSlotState.Active && mac is { } same && same.Value == s.Mac
            && _buckets[s.Bucket].Subnet == _buckets[bucket].Subnet;
        if (clientIndexed && !sameClient)
        {
            _byClient.Remove((s.Mac, _buckets[s.Bucket].Subnet), slot);
        }

        s.State = state;
        s.HasMac = mac.HasValue;
        s.Mac = mac?.Value ?? 0;
        s.Bucket = bucket;
        s.Server = server;
        s.PrefixLength = prefixLength;
        s.Start = Stored(start);
        s.Expires = expires == long.MaxValue ? LeaseSlot.Never : Stored(expires);
        s.LastChange = Stored(lastChange);
        KeepClientId(ref s, clientId);
        s.Hostname = string.Equals(s.Hostname, hostname, StringComparison.Ordinal) ? s.Hostname : hostname;
        Count(in s);
        if (!sameClient && IsClientIndexed(in s))
        {
            _byClient.Set((s.Mac, _buckets[bucket].Subnet), slot);
        }

        Schedule(slot);
        return slot;
    }

    /// <summary>Stores the client id, as a flag when it is 01 + the MAC and as the existing string when it did not change.</summary>
    private static void KeepClientId(ref LeaseSlot s, string? clientId)
    {
        if (clientId is null)
        {
            s.ClientIdIsMac = false;
            s.ClientId = null;
            return;
        }

        if (s.HasMac && clientId.Length == 20)
        {
            Span<char> expected = stackalloc char[20];
            "01:".CopyTo(expected);
            if (new MacAddress(s.Mac).TryFormat(expected[3..], out var written, default, CultureInfo.InvariantCulture) && written == 17
                && clientId.AsSpan().SequenceEqual(expected))
            {
                s.ClientIdIsMac = true;
                s.ClientId = null;
                return;
            }
        }

        s.ClientIdIsMac = false;
        s.ClientId = string.Equals(s.ClientId, clientId, StringComparison.Ordinal) ? s.ClientId : clientId;
    }

    private static string? ClientIdOf(in LeaseSlot s) => s.ClientIdIsMac ? "01:" + new MacAddress(s.Mac).ToString() : s.ClientId;

    private static bool IsClientIndexed(in LeaseSlot s) => s.State == LeaseSlotState.Active && s.HasMac && s.PrefixLength == 0 && IsV4(s.Key);

    /// <summary>Queues the slot's expiry unless an entry at or before it is queued already (that entry re-queues it when due).</summary>
    private void Schedule(int slot)
    {
        ref var s = ref _slots[slot];
        if (s.Expires == LeaseSlot.Never || (s.QueuedExpiry != 0 && s.QueuedExpiry <= s.Expires))
        {
            return;
        }

        s.QueuedExpiry = s.Expires;
        _expiries.Enqueue(slot, s.Expires);
        if (_expiries.Count > 2 * (_active + _declined) + 4096 || _ended > _endedLimit)
        {
            RebuildExpiries();
        }
    }

    private void Count(in LeaseSlot s)
    {
        var bucket = _buckets[s.Bucket];
        bucket.Assigned++;
        if (s.State == LeaseSlotState.Declined)
        {
            bucket.Declined++;
            _declined++;
        }
        else
        {
            _active++;
        }
    }

    private void Uncount(in LeaseSlot s)
    {
        var bucket = _buckets[s.Bucket];
        bucket.Assigned--;
        if (s.State == LeaseSlotState.Declined)
        {
            bucket.Declined--;
            _declined--;
        }
        else
        {
            _active--;
        }
    }

    /// <summary>Ends the lease in <paramref name="slot"/>, keeping the address as a tombstone that dates stale events.</summary>
    private void Release(int slot, long time)
    {
        ref var s = ref _slots[slot];
        if (IsClientIndexed(in s))
        {
            _byClient.Remove((s.Mac, _buckets[s.Bucket].Subnet), slot);
        }

        Uncount(in s);
        s.State = LeaseSlotState.Ended;
        s.LastChange = Math.Max(s.LastChange, Stored(time));
        s.ClientIdIsMac = false;
        s.ClientId = null;
        s.Hostname = null;
        _ended++;
    }

    private void AdvanceClock(long now)
    {
        if (now <= _clock)
        {
            return;
        }

        _clock = now;
        while (_expiries.TryPeek(out var slot, out var expires) && expires <= now)
        {
            _expiries.Dequeue();
            ref var s = ref _slots[slot];
            if (s.QueuedExpiry != expires)
            {
                continue; // superseded by an earlier entry for the same slot
            }

            s.QueuedExpiry = 0;
            if (!s.Holds)
            {
                continue;
            }

            if (s.Expires <= now)
            {
                // The tombstone keeps the last event's time, not the expiry: a renewal that arrives late (another
                // server's log lagging) but was made before the expiry still applies.
                Release(slot, s.LastChange);
            }
            else
            {
                Schedule(slot); // renewed since this entry was queued
            }
        }
    }

    /// <summary>Drops superseded expiry entries and forgets tombstones a day older than the clock.</summary>
    private void RebuildExpiries()
    {
        _expiries.Clear();
        var forgetBefore = _clock == long.MinValue ? 0 : _clock - TombstoneSeconds;
        for (var i = 0; i < _slots.Count; i++)
        {
            ref var s = ref _slots[i];
            s.QueuedExpiry = 0;
            if (s.Holds)
            {
                if (s.Expires != LeaseSlot.Never)
                {
                    s.QueuedExpiry = s.Expires;
                    _expiries.Enqueue(i, s.Expires);
                }
            }
            else if (s.State == LeaseSlotState.Ended && s.LastChange < forgetBefore)
            {
                _byAddress.Remove(s.Key, i);
                _slots.Free(i);
                _ended--;
            }
        }

        // Tombstones younger than a day stay; do not rescan until there are twice as many.
        _endedLimit = Math.Max(65_536, 2 * _ended);
    }

    private int BucketFor(IPAddress ip, string? subnetLabel)
    {
        if (_config is { } config)
        {
            var index = config.Index;
            if (index.FindPool(ip) is { } pool)
            {
                return _poolBuckets[pool];
            }

            if (index.FindPrefixPool(ip) is { } prefixPool)
            {
                return _prefixPoolBuckets[prefixPool];
            }

            if (index.FindSubnet(ip) is { } subnet)
            {
                return _subnets[_configuredSubnets[subnet]].OutsideBucket;
            }

            if (long.TryParse(subnetLabel, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && _subnetsById.TryGetValue(id, out var byId))
            {
                return _subnets[byId].OutsideBucket;
            }
        }

        var label = string.IsNullOrEmpty(subnetLabel) ? UnknownSubnet : subnetLabel;
        if (!_labelBuckets.ContainsKey(label) && _labelBuckets.Count >= MaxLabels)
        {
            // Hostile or broken input naming endless subnets must not grow the table without bound.
            label = UnknownSubnet;
        }

        if (!_labelBuckets.TryGetValue(label, out var bucket))
        {
            var index = _subnets.Count;
            var labelId = long.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var kid) ? kid : (long?)null;
            _subnets.Add(new SubnetCounters(null, label, labelId) { OutsideBucket = _buckets.Count });
            bucket = AddBucket(new LeaseBucket(index, null, null));
            _labelBuckets[label] = bucket;
        }

        return bucket;
    }

    private int AddBucket(LeaseBucket bucket)
    {
        _buckets.Add(bucket);
        return _buckets.Count - 1;
    }

    private HashSet<int> MatchSubnets(string filter)
    {
        var matched = new HashSet<int>();
        var isId = long.TryParse(filter, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        var isNetwork = IPNetwork.TryParse(filter, out var network);
        for (var i = 0; i < _subnets.Count; i++)
        {
            var s = _subnets[i];
            if (string.Equals(s.Label, filter, StringComparison.OrdinalIgnoreCase)
                || (isId && s.Id == id)
                || (isNetwork && s.Config?.Prefix == network)
                || (s.Config?.SharedNetwork is { } shared && string.Equals(shared, filter, StringComparison.OrdinalIgnoreCase)))
            {
                matched.Add(i);
            }
        }

        return matched;
    }

    private SubnetUtilization Summarize(SubnetCounters counters)
    {
        var outside = _buckets[counters.OutsideBucket];
        long assigned = outside.Assigned, declined = outside.Declined;
        var pools = new List<PoolUtilization>(counters.PoolBuckets.Count);
        foreach (var b in counters.PoolBuckets)
        {
            var bucket = _buckets[b];
            assigned += bucket.Assigned;
            declined += bucket.Declined;
            pools.Add(new PoolUtilization(bucket.Range!, bucket.Pool!.Size, bucket.Assigned, bucket.Declined, bucket.Location));
        }

        long prefixes = 0;
        var prefixPools = new List<PoolUtilization>(counters.PrefixPoolBuckets.Count);
        foreach (var b in counters.PrefixPoolBuckets)
        {
            var bucket = _buckets[b];
            prefixes += bucket.Assigned;
            prefixPools.Add(new PoolUtilization(bucket.Range!, bucket.PrefixPool!.PrefixCount, bucket.Assigned, bucket.Declined, bucket.Location));
        }

        return new SubnetUtilization
        {
            Subnet = counters.Label,
            Id = counters.Id,
            SharedNetwork = counters.Config?.SharedNetwork,
            Configured = counters.Config is not null,
            Total = counters.Config?.TotalAddresses ?? UInt128.Zero,
            Assigned = assigned,
            Declined = declined,
            OutsidePools = outside.Assigned,
            Pools = pools,
            TotalPrefixes = counters.Config?.TotalPrefixes ?? UInt128.Zero,
            AssignedPrefixes = prefixes,
            PrefixPools = prefixPools,
        };
    }

    private TrackedLease Snapshot(int slot)
    {
        ref var s = ref _slots[slot];
        var bucket = _buckets[s.Bucket];
        var subnet = _subnets[bucket.Subnet];
        return new TrackedLease
        {
            Address = AddressOf(s.Key),
            PrefixLength = s.PrefixLength == 0 ? null : s.PrefixLength,
            State = s.State == LeaseSlotState.Declined ? TrackedLeaseState.Declined : TrackedLeaseState.Active,
            Mac = s.HasMac ? new MacAddress(s.Mac) : null,
            ClientId = ClientIdOf(in s),
            Hostname = s.Hostname,
            Server = s.Server == 0 ? null : _serverNames[s.Server - 1],
            Subnet = subnet.Label,
            SubnetId = subnet.Id,
            Pool = bucket.Range,
            Start = DateTimeOffset.FromUnixTimeSeconds(s.Start),
            Expires = s.Expires == LeaseSlot.Never ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(s.Expires),
        };
    }

    /// <summary>The server name's index + 1 in the name table (0: none, or more than 65,534 distinct names).</summary>
    private ushort ServerIndex(string? name)
    {
        if (name is null)
        {
            return 0;
        }

        if (_serverIndex.TryGetValue(name, out var index))
        {
            return index;
        }

        if (_serverNames.Count >= ushort.MaxValue - 1)
        {
            return 0;
        }

        _serverNames.Add(name);
        index = (ushort)_serverNames.Count;
        _serverIndex[name] = index;
        return index;
    }

    private static long ExpiresOf(in LeaseSlot s) => s.Expires == LeaseSlot.Never ? long.MaxValue : s.Expires;

    /// <summary>Unix seconds as stored: 32 bits, clamped (a hostile year 26 or 2200 stays representable).</summary>
    private static uint Stored(long seconds) => (uint)Math.Clamp(seconds, 0, MaxTime);

    /// <summary>start + lifetime, where Kea's 0xffffffff ("infinite") and overflow both mean never.</summary>
    private static long Saturate(long start, long lifetime) =>
        lifetime >= uint.MaxValue || start > long.MaxValue - lifetime ? long.MaxValue : start + lifetime;

    private static bool IsV4(UInt128 key) => key >> 32 == V4Mapped >> 32;

    private static UInt128 KeyOf(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? V4Mapped | BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static IPAddress AddressOf(UInt128 key) =>
        IsV4(key) ? IpMath.ToAddress(key & uint.MaxValue, AddressFamily.InterNetwork) : IpMath.ToAddress(key, AddressFamily.InterNetworkV6);
}
