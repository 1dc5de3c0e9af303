using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary><c>GET /api/v1/leases</c>: current leases from the store, filtered, in address order, with cursor paging.</summary>
internal static class LeaseEndpoints
{
    private static readonly string[] States = ["active", "declined"];

    public static void MapLeases(this RouteGroupBuilder api)
    {
        api.MapGet("/leases", ListAsync)
            .Produces<Page<LeaseRecord>>()
            .ProducesValidationProblem()
            .WithName("ListLeases")
            .WithSummary("Current leases")
            .WithDescription("Leases held now, in address order. Filters: subnet (CIDR as the server names it), mac, ip (an address or a network), hostname, state (active|declined). Page with limit (1-1000, default 100) and the next cursor.");
        api.MapGet("/leases/{ip}", GetAsync)
            .WithName("GetLease")
            .WithSummary("The lease of one address");
    }

    private static Task<IResult> ListAsync(HttpContext context, PipelineResponseCache cache, LeaseStore store, TimeProvider time, CancellationToken cancellationToken,
        string? subnet = null, string? mac = null, string? ip = null, string? hostname = null, string? state = null, string? limit = null, string? cursor = null)
    {
        var errors = new QueryErrors();
        byte[]? after = null;
        if (cursor is { Length: > 0 } && !LeaseStore.TryParseCursor(cursor, out after))
        {
            errors.Add("cursor", "not a cursor from this API's 'next' field.");
        }

        var query = new LeaseQuery
        {
            Subnet = errors.Text("subnet", subnet),
            Mac = errors.Mac(mac),
            Network = errors.Network("ip", ip),
            Hostname = errors.Text("hostname", hostname, 253),
            State = errors.OneOf("state", state, States),
            Limit = errors.Limit(limit),
            After = after,
        };
        if (errors.Any)
        {
            return Task.FromResult(errors.Problem());
        }

        return cache.GetAsync(context, () => store.ListAsync(query, time.GetUtcNow(), cancellationToken));
    }

    private static async Task<Results<Ok<LeaseRecord>, ProblemHttpResult, ValidationProblem>> GetAsync(string ip, LeaseStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        if (!StrictAddress.TryParse(ip, out _) || errors.Network("ip", ip) is not { } network)
        {
            errors.Add("ip", $"'{QueryErrors.Clip(ip)}' is not an IP address.");
            return (ValidationProblem)errors.Problem();
        }

        var page = await store.ListAsync(new LeaseQuery { Network = network, Limit = 1 }, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return page.Items.Count == 1 ? TypedResults.Ok(page.Items[0])
            : TypedResults.Problem($"No current lease for {ip}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }
}
