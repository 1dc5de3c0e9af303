using System.Buffers;
using System.Globalization;
using System.Text.Json;
using PacketGuide.Dns.Providers;

namespace PacketGuide.Dns.Dnssec;

/// <summary>
/// DNSSEC on PowerDNS Authoritative through its HTTP API: <c>/zones/ZONE/cryptokeys</c> (create, activate, deactivate,
/// delete keys), <c>PUT /zones/ZONE</c> with <c>nsec3param</c>, <c>PUT /zones/ZONE/rectify</c> after every change, and
/// the zone metadata <c>X-PGUIDE-ZSK-ROLLOVER</c> to remember when a rollover step was taken. The state is read back from
/// what PowerDNS serves over DNS.
/// </summary>
public sealed class PowerDnsDnssecManager : IDnssecManager
{
    /// <summary>Zone metadata that holds the last rollover step and its time: <c>STEP ISO-TIME WAIT-SECONDS</c>.</summary>
    public const string RolloverMetadata = "X-PGUIDE-ZSK-ROLLOVER";

    private const string PrePublish = "ZSK pre-publish (pguide)";
    private readonly PowerDnsProvider _api;
    private readonly ServedDnssecReader _served;
    private readonly TimeProvider _timeProvider;

    public PowerDnsDnssecManager(PowerDnsProvider api, ServedDnssecReader served, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(served);
        _api = api;
        _served = served;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Name => _api.Name;

    public async Task<DnssecStatus> StatusAsync(string zone, CancellationToken cancellationToken)
    {
        zone = Absolute(zone);
        var keys = await CryptoKeysAsync(zone, cancellationToken).ConfigureAwait(false);
        var nsec3param = await Nsec3ParamAsync(zone, cancellationToken).ConfigureAwait(false);
        var served = await _served.ReadAsync(zone, cancellationToken).ConfigureAwait(false);
        var report = keys.Count == 0
            ? "no cryptokeys"
            : string.Join("\n", keys.Select(k => string.Create(CultureInfo.InvariantCulture,
                $"cryptokey {k.Id}: {k.Type} {k.AlgorithmName}, {(k.Active ? "active" : "inactive")}, {(k.Published ? "published" : "not published")}")))
              + (nsec3param.Length > 0 ? $"\nnsec3param: {nsec3param}" : "\nNSEC");
        return new DnssecStatus(zone, _served.Server.ToString(),
            DnssecStatus.MergeKeys(served, [.. keys.Select(k => (k.Id, k.Active, k.Published, k.DnsKey))]),
            served.Cds, served.Cdnskey, served.Nsec3, served.Parent, served.Health, served.HealthError, report);
    }

    public async Task<DnssecChangeResult> EnableAsync(string zone, DnssecSettings settings, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.TryValidate(out var invalid))
        {
            throw new ArgumentException(invalid, nameof(settings));
        }

        if (!settings.Enabled)
        {
            return await DisableAsync(zone, dryRun, cancellationToken).ConfigureAwait(false);
        }

        zone = Absolute(zone);
        var keys = await CryptoKeysAsync(zone, cancellationToken).ConfigureAwait(false);
        var active = keys.Where(k => k.Active).ToList();
        var actions = new List<string>();
        var algorithm = DnssecAlgorithm.PowerDnsName(settings.Algorithm);
        if (active.Count == 0)
        {
            var wanted = settings.SplitKeys ? new[] { "ksk", "zsk" } : ["csk"];
            foreach (var type in wanted)
            {
                actions.Add($"create {type.ToUpperInvariant()} {algorithm} (active)");
                if (!dryRun)
                {
                    await CreateKeyAsync(zone, type, settings.Algorithm, active: true, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        else
        {
            if (active.Any(k => DnssecAlgorithm.FromName(k.AlgorithmName) != settings.Algorithm))
            {
                throw new DnsProviderException(string.Create(CultureInfo.InvariantCulture,
                    $"{Name}: {zone} is signed with {string.Join(", ", active.Select(k => k.AlgorithmName).Distinct())}, not algorithm {settings.Algorithm}: ") +
                    "changing it is an algorithm rollover, which pguide does not do. Keep the algorithm, or disable (after removing the DS) and enable again.");
            }

            var split = active.Any(k => k.Flags == 257) && active.Any(k => k.Flags == 256);
            if (split != settings.SplitKeys)
            {
                throw new DnsProviderException($"{Name}: {zone} is signed with {(split ? "a KSK and a ZSK" : "a single signing key (CSK)")}; " +
                    $"changing to {(settings.SplitKeys ? "KSK+ZSK" : "a CSK")} is a key rollover pguide does not do. Keep --split-keys as it is.");
            }
        }

        var currentParam = await Nsec3ParamAsync(zone, cancellationToken).ConfigureAwait(false);
        var wantedParam = settings.Nsec3 is { } nsec3 ? PowerDnsNsec3Param(nsec3) : "";
        if (!string.Equals(currentParam, wantedParam, StringComparison.OrdinalIgnoreCase))
        {
            actions.Add(wantedParam.Length == 0 ? "switch to NSEC" : $"set NSEC3PARAM {wantedParam}");
            if (!dryRun)
            {
                await SetNsec3ParamAsync(zone, wantedParam, cancellationToken).ConfigureAwait(false);
            }
        }

        if (actions.Count > 0 && !dryRun)
        {
            await RectifyAsync(zone, cancellationToken).ConfigureAwait(false);
        }

        return new DnssecChangeResult(zone, actions.Count > 0, dryRun, actions);
    }

    public async Task<DnssecChangeResult> DisableAsync(string zone, bool dryRun, CancellationToken cancellationToken)
    {
        zone = Absolute(zone);
        var keys = await CryptoKeysAsync(zone, cancellationToken).ConfigureAwait(false);
        var actions = new List<string>();
        if (await Nsec3ParamAsync(zone, cancellationToken).ConfigureAwait(false) is { Length: > 0 })
        {
            actions.Add("switch to NSEC");
            if (!dryRun)
            {
                await SetNsec3ParamAsync(zone, "", cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var key in keys)
        {
            actions.Add(string.Create(CultureInfo.InvariantCulture, $"delete cryptokey {key.Id} ({key.Type} {key.AlgorithmName})"));
            if (!dryRun)
            {
                await _api.SendZoneRequestAsync(HttpMethod.Delete, zone, string.Create(CultureInfo.InvariantCulture, $"/cryptokeys/{key.Id}"), null, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        if (actions.Count > 0 && !dryRun)
        {
            await RectifyAsync(zone, cancellationToken).ConfigureAwait(false);
        }

        return new DnssecChangeResult(zone, actions.Count > 0, dryRun, actions,
            keys.Count > 0 ? "Remove the zone's DS at the parent before (or right after) this, or validators see the zone as bogus until it goes." : null);
    }

    public Task<IReadOnlyList<string>> DsAsync(string zone, int digestType, CancellationToken cancellationToken) =>
        DelegationSigner.TryValidateDigestType(digestType, out var error)
            ? _served.DsAsync(Absolute(zone), digestType, cancellationToken)
            : throw new ArgumentException(error, nameof(digestType));

    /// <summary>
    /// The next step of a ZSK rollover by pre-publication, found from the keys PowerDNS holds, so a run that stopped
    /// half way continues where it stood:
    /// 1. publish a new ZSK, inactive (wait: the DNSKEY TTL, so resolvers hold the new key before it signs);
    /// 2. sign with the new ZSK, keep the old one published (wait: the zone's largest TTL, so cached signatures by the old key expire);
    /// 3. delete the old ZSK.
    /// </summary>
    public async Task<RolloverState> RolloverAsync(string zone, RolloverOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        zone = Absolute(zone);
        var keys = await CryptoKeysAsync(zone, cancellationToken).ConfigureAwait(false);
        var zsks = keys.Where(k => k.Flags == 256).OrderBy(k => k.Id).ToList();
        var ksks = keys.Where(k => k.Flags == 257).ToList();
        if (keys.Count == 0)
        {
            throw new DnsProviderException($"{Name}: {zone} is not signed (no cryptokeys); enable DNSSEC first.");
        }

        if (zsks.Count == 0 || ksks.Count == 0)
        {
            throw new DnsProviderException($"{Name}: {zone} signs with a single key (CSK); a ZSK rollover needs a KSK and a ZSK " +
                "(enable with --split-keys). A CSK rollover changes the DS at the parent and is not done by pguide.");
        }

        var now = _timeProvider.GetUtcNow();
        var (lastStep, lastTime, lastWait) = await LastStepAsync(zone, cancellationToken).ConfigureAwait(false);
        int done;
        string state, next;
        Func<Task>? act;
        string action;
        if (zsks.Count == 1 && zsks[0].Active)
        {
            (done, state) = (0, string.Create(CultureInfo.InvariantCulture, $"one active ZSK (cryptokey {zsks[0].Id}); no rollover under way"));
            action = $"step 1: publish a new ZSK {zsks[0].AlgorithmName}, inactive";
            next = "step 2: sign with the new ZSK, keep the old one published";
            act = () => CreateKeyAsync(zone, "zsk", DnssecAlgorithm.FromName(zsks[0].AlgorithmName), active: false, cancellationToken);
        }
        else if (zsks.Count == 2 && zsks[0].Active && !zsks[1].Active)
        {
            (done, state) = (1, string.Create(CultureInfo.InvariantCulture, $"new ZSK (cryptokey {zsks[1].Id}) published, old ZSK (cryptokey {zsks[0].Id}) signing"));
            action = string.Create(CultureInfo.InvariantCulture, $"step 2: activate cryptokey {zsks[1].Id}, deactivate cryptokey {zsks[0].Id} (stays published)");
            next = "step 3: delete the old ZSK";
            var (newer, older) = (zsks[1].Id, zsks[0].Id);
            act = async () =>
            {
                await SetKeyAsync(zone, newer, active: true, cancellationToken).ConfigureAwait(false);
                await SetKeyAsync(zone, older, active: false, cancellationToken).ConfigureAwait(false);
            };
        }
        else if (zsks.Count == 2 && zsks[1].Active)
        {
            // Both active: step 2 stopped between its two requests; finishing it first is safe (the new key signs already).
            (done, state) = zsks[0].Active
                ? (1, "both ZSKs active: step 2 was interrupted")
                : (2, string.Create(CultureInfo.InvariantCulture, $"new ZSK (cryptokey {zsks[1].Id}) signing, old ZSK (cryptokey {zsks[0].Id}) still published"));
            var (older, bothActive) = (zsks[0].Id, zsks[0].Active);
            action = bothActive
                ? string.Create(CultureInfo.InvariantCulture, $"step 2 (finish): deactivate cryptokey {older}")
                : string.Create(CultureInfo.InvariantCulture, $"step 3: delete cryptokey {older}");
            next = bothActive ? "step 3: delete the old ZSK" : "nothing: the rollover is complete";
            act = bothActive
                ? () => SetKeyAsync(zone, older, active: false, cancellationToken)
                : () => _api.SendZoneRequestAsync(HttpMethod.Delete, zone, string.Create(CultureInfo.InvariantCulture, $"/cryptokeys/{older}"), null, cancellationToken);
        }
        else
        {
            throw new DnsProviderException(string.Create(CultureInfo.InvariantCulture,
                $"{Name}: {zone} has ZSKs in a state the pre-publish method does not know ({string.Join(", ", zsks.Select(k => $"cryptokey {k.Id} {(k.Active ? "active" : "inactive")}"))}); ") +
                "fix them by hand (pdnsutil show-zone) so there is one active ZSK, or one active and one newer inactive.");
        }

        // The wait applies after steps 1 and 2 (recorded when they were taken); a rollover that starts anew has none.
        DateTimeOffset? notBefore = done > 0 && lastStep == done && lastTime is { } taken ? taken + lastWait : null;
        if (notBefore is { } until && until > now && !options.IgnoreWaits)
        {
            return new RolloverState(zone, PrePublish, done, 3, state, [], action, until);
        }

        if (!options.DryRun)
        {
            await act().ConfigureAwait(false);
            await RectifyAsync(zone, cancellationToken).ConfigureAwait(false);
            var stepTaken = done + 1;
            var wait = stepTaken switch
            {
                1 => TimeSpan.FromSeconds(await _served.DnsKeyTtlAsync(zone, cancellationToken).ConfigureAwait(false)),
                2 => TimeSpan.FromSeconds(await LargestTtlAsync(zone, cancellationToken).ConfigureAwait(false)),
                _ => TimeSpan.Zero,
            };
            await RecordStepAsync(zone, stepTaken, now, wait, cancellationToken).ConfigureAwait(false);
            var complete = stepTaken == 3;
            return new RolloverState(zone, PrePublish, stepTaken, 3, complete ? "rollover complete: one active ZSK" : state, [action],
                complete ? null : next, complete ? null : now + wait);
        }

        return new RolloverState(zone, PrePublish, done, 3, state, [action], next, notBefore);
    }

    /// <summary>PowerDNS's NSEC3PARAM text: <c>1 FLAGS ITERATIONS SALT</c>, where flags 1 asks for opt-out.</summary>
    public static string PowerDnsNsec3Param(Nsec3Settings nsec3)
    {
        ArgumentNullException.ThrowIfNull(nsec3);
        return string.Create(CultureInfo.InvariantCulture, $"1 {(nsec3.OptOut ? 1 : 0)} {nsec3.Iterations} {(nsec3.NormalizedSalt.Length == 0 ? "-" : nsec3.NormalizedSalt)}");
    }

    private async Task<List<CryptoKey>> CryptoKeysAsync(string zone, CancellationToken cancellationToken)
    {
        using var document = await _api.SendZoneRequestAsync(HttpMethod.Get, zone, "/cryptokeys", null, cancellationToken).ConfigureAwait(false);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new DnsProviderException($"{Name}: PowerDNS answered GET cryptokeys of {zone} with something other than a list.");
        }

        return [.. list.EnumerateArray().Select(k => new CryptoKey(
            k.GetProperty("id").GetInt32(),
            k.TryGetProperty("dnskey", out var dnskey) ? dnskey.GetString() ?? "" : "",
            k.TryGetProperty("algorithm", out var algorithm) ? algorithm.GetString() ?? "" : "",
            k.TryGetProperty("active", out var active) && active.GetBoolean(),
            !k.TryGetProperty("published", out var published) || published.GetBoolean()))];
    }

    private async Task CreateKeyAsync(string zone, string keyType, int algorithm, bool active, CancellationToken cancellationToken)
    {
        var body = Json(w =>
        {
            w.WriteString("keytype", keyType);
            w.WriteBoolean("active", active);
            w.WriteBoolean("published", true);
            w.WriteString("algorithm", DnssecAlgorithm.PowerDnsName(algorithm));
            if (algorithm == 8)
            {
                w.WriteNumber("bits", 2048);
            }
        });
        using var created = await _api.SendZoneRequestAsync(HttpMethod.Post, zone, "/cryptokeys", body, cancellationToken).ConfigureAwait(false);
    }

    private async Task SetKeyAsync(string zone, int id, bool active, CancellationToken cancellationToken)
    {
        var body = Json(w =>
        {
            w.WriteBoolean("active", active);
            w.WriteBoolean("published", true);
        });
        using var answer = await _api.SendZoneRequestAsync(HttpMethod.Put, zone, string.Create(CultureInfo.InvariantCulture, $"/cryptokeys/{id}"), body, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<string> Nsec3ParamAsync(string zone, CancellationToken cancellationToken)
    {
        using var document = await _api.SendZoneRequestAsync(HttpMethod.Get, zone, "", null, cancellationToken).ConfigureAwait(false);
        return document?.RootElement.TryGetProperty("nsec3param", out var param) == true ? param.GetString() ?? "" : "";
    }

    private async Task SetNsec3ParamAsync(string zone, string param, CancellationToken cancellationToken)
    {
        var body = Json(w =>
        {
            w.WriteString("nsec3param", param);
            w.WriteBoolean("nsec3narrow", false);
        });
        using var answer = await _api.SendZoneRequestAsync(HttpMethod.Put, zone, "", body, cancellationToken).ConfigureAwait(false);
    }

    private async Task RectifyAsync(string zone, CancellationToken cancellationToken)
    {
        using var answer = await _api.SendZoneRequestAsync(HttpMethod.Put, zone, "/rectify", null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> LargestTtlAsync(string zone, CancellationToken cancellationToken)
    {
        var sets = await _api.ListAsync(zone, cancellationToken).ConfigureAwait(false);
        return sets.Select(s => s.Ttl).DefaultIfEmpty(0).Max();
    }

    private async Task<(int Step, DateTimeOffset? Time, TimeSpan Wait)> LastStepAsync(string zone, CancellationToken cancellationToken)
    {
        using var document = await _api.SendZoneRequestAsync(HttpMethod.Get, zone, "/metadata/" + RolloverMetadata, null, cancellationToken).ConfigureAwait(false);
        var value = document?.RootElement.TryGetProperty("metadata", out var list) == true && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            ? list[0].GetString() ?? ""
            : "";
        var fields = value.Split(' ');
        return fields.Length == 3
               && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var step)
               && DateTimeOffset.TryParse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
               && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var wait)
            ? (step, time, TimeSpan.FromSeconds(wait))
            : (0, null, TimeSpan.Zero);
    }

    private async Task RecordStepAsync(string zone, int step, DateTimeOffset time, TimeSpan wait, CancellationToken cancellationToken)
    {
        var body = Json(w =>
        {
            w.WriteStartArray("metadata");
            w.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{step} {time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {(long)wait.TotalSeconds}"));
            w.WriteEndArray();
        });
        using var answer = await _api.SendZoneRequestAsync(HttpMethod.Put, zone, "/metadata/" + RolloverMetadata, body, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Absolute(string zone) => zone.TrimEnd('.').ToLowerInvariant() + ".";

    /// <summary>One entry of PowerDNS's cryptokeys list.</summary>
    private sealed record CryptoKey(int Id, string DnsKey, string AlgorithmName, bool Active, bool Published)
    {
        public int Flags => DnsKey.StartsWith("257 ", StringComparison.Ordinal) ? 257 : 256;

        public string Type => Flags == 257 ? "KSK/CSK" : "ZSK";
    }
}
