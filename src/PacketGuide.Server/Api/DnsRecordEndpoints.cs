using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Query;
using PacketGuide.Server.Security;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary>
/// <c>/api/v1/dns/zones</c> and <c>/api/v1/dns/records</c>: the zones and RRsets of pguide.yaml's providers, read and
/// changed through the same provider layer and checks as <c>pguide dns record</c> (<see cref="RecordInput"/>,
/// <see cref="DnsRecordEditor"/>). Every change is audited; <c>dryRun=true</c> says what would change and sends nothing.
/// </summary>
internal static class DnsRecordEndpoints
{
    public static void MapDnsRecords(this RouteGroupBuilder api)
    {
        api.MapGet("/dns/zones", ZonesAsync).WithName("ListDnsZones").WithSummary("Zones the DNS providers serve")
            .WithDescription("Every zone of every provider in pguide.yaml's dns.providers (empty when none is configured).");
        api.MapGet("/dns/records", ListAsync).WithName("ListDnsRecords").WithSummary("A zone's RRsets, read from its provider")
            .WithDescription("zone is required; name and type narrow the list. provider is needed only when several serve the zone.");
        api.MapPut("/dns/records/{name}/{type}", (string name, string type, HttpContext context, DnsProviderSet providers, AuditStore audit, TimeProvider time, CancellationToken ct) =>
                EditAsync("set", name, type, context, providers, audit, time, ct))
            .WithName("SetDnsRecords").WithSummary("Make NAME/TYPE exactly these values (create or replace the RRset)")
            .Accepts<DnsRecordInput>("application/json").RequireAuthorization(ApiPolicies.Write);
        api.MapPost("/dns/records/{name}/{type}", (string name, string type, HttpContext context, DnsProviderSet providers, AuditStore audit, TimeProvider time, CancellationToken ct) =>
                EditAsync("add", name, type, context, providers, audit, time, ct))
            .WithName("AddDnsRecords").WithSummary("Add values to NAME/TYPE (values already there stay)")
            .Accepts<DnsRecordInput>("application/json").RequireAuthorization(ApiPolicies.Write);
        api.MapDelete("/dns/records/{name}/{type}", (string name, string type, HttpContext context, DnsProviderSet providers, AuditStore audit, TimeProvider time, CancellationToken ct) =>
                EditAsync("delete", name, type, context, providers, audit, time, ct))
            .WithName("DeleteDnsRecords").WithSummary("Delete the RRset NAME/TYPE, or only the values given as ?value=")
            .RequireAuthorization(ApiPolicies.Write);
    }

    private static async Task<IResult> ZonesAsync(DnsProviderSet providers, CancellationToken cancellationToken)
    {
        var zones = new List<DnsZoneView>();
        try
        {
            foreach (var definition in providers.Definitions)
            {
                var (name, provider) = providers.Get(definition.Name, null, "zones");
                zones.AddRange((await provider.ZonesAsync(cancellationToken).ConfigureAwait(false)).Select(z => new DnsZoneView(z, name, definition.Type)));
            }
        }
        catch (Exception ex) when (DnsProblems.Handles(ex))
        {
            return DnsProblems.From(ex);
        }

        return TypedResults.Ok<IReadOnlyList<DnsZoneView>>(zones);
    }

    private static async Task<IResult> ListAsync(DnsProviderSet providers, CancellationToken cancellationToken, string? zone = null, string? name = null, string? type = null,
        string? provider = null)
    {
        var errors = new QueryErrors();
        var zoneName = errors.DnsName("zone", zone);
        var ownerName = errors.DnsName("name", name);
        var typeName = Type(errors, type);
        if (zoneName is null && !errors.Errors.ContainsKey("zone"))
        {
            errors.Add("zone", "required: the zone to list, e.g. example.com.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        try
        {
            var absolute = Absolute(zoneName!);
            var (providerName, source) = await ProviderOfAsync(providers, provider, absolute, cancellationToken).ConfigureAwait(false);
            var sets = await source.ListAsync(absolute, cancellationToken).ConfigureAwait(false);
            var owner = ownerName is null ? null : ownerName.EndsWith('.') ? ownerName : RecordInput.TryOwner(absolute, ownerName, out var o, out _) ? o : ownerName + ".";
            return TypedResults.Ok(new DnsRecordListView(absolute, providerName, [.. sets
                .Where(s => owner is null || string.Equals(s.Name, owner, StringComparison.OrdinalIgnoreCase))
                .Where(s => typeName is null || s.Type == typeName)
                .OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal)]));
        }
        catch (Exception ex) when (DnsProblems.Handles(ex))
        {
            return DnsProblems.From(ex);
        }
    }

    private static async Task<IResult> EditAsync(string verb, string name, string type, HttpContext context, DnsProviderSet providers, AuditStore audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var errors = new QueryErrors();
        var zoneName = errors.DnsName("zone", query["zone"].FirstOrDefault());
        var ownerName = errors.DnsName("name", name);
        var typeName = Type(errors, type);
        var dryRun = errors.Flag("dryRun", query["dryRun"].FirstOrDefault());
        var ptr = errors.Flag("ptr", query["ptr"].FirstOrDefault());
        var providerName = errors.Text("provider", query["provider"].FirstOrDefault());
        if (zoneName is null && ownerName is not null && !ownerName.EndsWith('.'))
        {
            ownerName += "."; // without zone=, names are absolute
        }

        List<string>? values = null;
        int? ttl = null;
        if (verb == "delete")
        {
            if (query["value"] is { Count: > 0 } removed && typeName is not null)
            {
                verb = "remove";
                values = RecordInput.TryValues(typeName, [.. removed.OfType<string>()], out var normalized, out var valueError) ? normalized : null;
                if (values is null)
                {
                    errors.Add("value", valueError!);
                }
            }
        }
        else
        {
            var (input, bodyError) = await JsonBody.ReadAsync(context, ServerJsonContext.Default.DnsRecordInput, cancellationToken).ConfigureAwait(false);
            if (bodyError is not null)
            {
                return bodyError;
            }

            if (input?.Values is not { Count: > 0 })
            {
                errors.Add("values", "required: one or more values, e.g. [\"192.0.2.10\"].");
            }
            else if (typeName is not null)
            {
                values = RecordInput.TryValues(typeName, input.Values, out var normalized, out var valueError) ? normalized : null;
                if (values is null)
                {
                    errors.Add("values", valueError!);
                }
            }

            if (input?.Ttl is { } t)
            {
                if (RecordInput.TryTtl(t, out var ttlError))
                {
                    ttl = (int)t;
                }
                else
                {
                    errors.Add("ttl", ttlError!);
                }
            }
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        try
        {
            var (usedProvider, provider, zone, owner) = await LocateAsync(providers, providerName, zoneName, ownerName!, errors, cancellationToken).ConfigureAwait(false);
            if (errors.Any)
            {
                return errors.Problem();
            }

            var editor = new DnsRecordEditor(provider, time);
            var edit = verb switch
            {
                "set" => await editor.SetAsync(zone!, owner!, typeName!, values!, ttl, dryRun, cancellationToken).ConfigureAwait(false),
                "add" => await editor.AddAsync(zone!, owner!, typeName!, values!, ttl, dryRun, cancellationToken).ConfigureAwait(false),
                "remove" => await editor.RemoveAsync(zone!, owner!, typeName!, values!, dryRun, cancellationToken).ConfigureAwait(false),
                _ => await editor.DeleteAsync(zone!, owner!, typeName!, dryRun, cancellationToken).ConfigureAwait(false),
            };
            var ptrs = ptr ? await editor.SyncPtrAsync(edit, dryRun, cancellationToken).ConfigureAwait(false) : [];
            var view = new DnsEditView(zone!, usedProvider!, owner!, typeName!, edit.Changed, dryRun, edit.Before, edit.After,
                [.. ptrs.Select(p => new DnsPtrEditView(p.Changed, p.Before, p.After))]);
            if (!dryRun && (edit.Changed || ptrs.Any(p => p.Changed)))
            {
                await audit.AppendAsync(Actor.Of(context), $"dns.record.{verb}", $"{owner} {typeName}",
                    JsonSerializer.Serialize(view, ServerJsonContext.Default.DnsEditView), cancellationToken).ConfigureAwait(false);
            }

            return TypedResults.Ok(view);
        }
        catch (Exception ex) when (DnsProblems.Handles(ex))
        {
            return DnsProblems.From(ex);
        }
    }

    /// <summary>
    /// The provider, zone and absolute owner of an edit: <paramref name="zone"/> when given (the name may then be relative),
    /// else the longest zone holding the name among the provider's (or every provider's) zones.
    /// </summary>
    private static async Task<(string? Provider, IDnsProvider Source, string? Zone, string? Owner)> LocateAsync(DnsProviderSet providers, string? providerName, string? zone,
        string name, QueryErrors errors, CancellationToken cancellationToken)
    {
        string? absoluteZone = zone is null ? null : Absolute(zone);
        var candidates = providerName is not null || providers.Definitions.Count <= 1
            ? [providers.Get(providerName, null, "records")]
            : providers.Definitions.Select(d => providers.Get(d.Name, null, "records")).ToList();
        (string Name, IDnsProvider Provider)? found = null;
        string? also = null;
        foreach (var candidate in candidates)
        {
            var zones = await candidate.Provider.ZonesAsync(cancellationToken).ConfigureAwait(false);
            var holding = absoluteZone is not null
                ? zones.Contains(absoluteZone, StringComparer.OrdinalIgnoreCase) ? absoluteZone : null
                : zones.Where(z => QueryName.IsInZone(name, z)).MaxBy(z => z.Length);
            if (holding is null)
            {
                continue;
            }

            if (found is null || holding.Length > zone!.Length)
            {
                (found, zone, also) = (candidate, holding, null);
            }
            else if (holding.Length == zone.Length)
            {
                also = candidate.Name; // the same zone at two providers (a primary and a secondary): the caller must say which
            }
        }

        if (found is { } first && also is not null)
        {
            errors.Add("provider", $"{QueryErrors.Clip(zone!)} is served by {first.Name} and {also}; say which with provider=.");
            return (null, null!, null, null);
        }

        if (found is not { } hit)
        {
            errors.Add(absoluteZone is null ? "name" : "zone", absoluteZone is null
                ? $"no zone of {(providerName ?? "the providers")} holds {QueryErrors.Clip(name)}; give zone=, or check the name."
                : $"{(providerName ?? "no provider")} does not serve {QueryErrors.Clip(absoluteZone)}.");
            return (null, null!, null, null);
        }

        if (!RecordInput.TryOwner(zone!, name, out var owner, out var ownerError))
        {
            errors.Add("name", ownerError);
            return (null, null!, null, null);
        }

        return (hit.Name, hit.Provider, zone, owner);
    }

    private static async Task<(string Name, IDnsProvider Provider)> ProviderOfAsync(DnsProviderSet providers, string? providerName, string zone, CancellationToken cancellationToken)
    {
        if (providerName is not null || providers.Definitions.Count <= 1)
        {
            return providers.Get(providerName, null, "records");
        }

        var serving = new List<(string Name, IDnsProvider Provider)>();
        foreach (var definition in providers.Definitions)
        {
            var candidate = providers.Get(definition.Name, null, "records");
            if ((await candidate.Provider.ZonesAsync(cancellationToken).ConfigureAwait(false)).Contains(zone, StringComparer.OrdinalIgnoreCase))
            {
                serving.Add(candidate);
            }
        }

        return serving.Count switch
        {
            1 => serving[0],
            0 => throw new DnsConfigException($"no provider serves {zone} (providers: {string.Join(", ", providers.Definitions.Select(d => d.Name))})."),
            _ => throw new DnsConfigException($"{zone} is served by {string.Join(" and ", serving.Select(p => p.Name))}; say which with provider=."),
        };
    }

    private static string? Type(QueryErrors errors, string? type)
    {
        if (type is null)
        {
            return null;
        }

        var upper = type.ToUpperInvariant();
        if (DnsRecordTypes.TryParse(upper, out _))
        {
            return upper;
        }

        errors.Add("type", $"'{QueryErrors.Clip(type)}' is not a record type (A, AAAA, CNAME, MX, TXT, SRV, CAA, NS, PTR, ...).");
        return null;
    }

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";
}
