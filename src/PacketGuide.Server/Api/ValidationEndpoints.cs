using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacketGuide.Server.DnsService;
using PacketGuide.Server.Security;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary>
/// <c>/api/v1/validations</c>: DNS validation runs (scheduled by <c>serve.dns.validate-every</c> or asked for here),
/// newest first, each with a per-zone summary; one run with its full report (the <c>pguide dns validate --json</c> document).
/// </summary>
internal static class ValidationEndpoints
{
    private static readonly string[] States = [ValidationRunStore.Queued, ValidationRunStore.Running, ValidationRunStore.Done, ValidationRunStore.Failed];

    public static void MapValidations(this RouteGroupBuilder api)
    {
        api.MapGet("/validations", ListAsync).WithName("ListValidations").WithSummary("DNS validation runs, newest first")
            .WithDescription("Each run with its state (queued, running, done, failed) and per-zone summary: worst severity, counts, signature expiry, serials. " +
                "state filters; page with limit and the next cursor.");
        api.MapGet("/validations/{id:long}", GetAsync).WithName("GetValidation").WithSummary("One run, with its full report when done");
        api.MapPost("/validations", RequestAsync).WithName("RunValidation").WithSummary("Validate now (all zones, or those named)")
            .WithDescription("Answers 202 with the queued run and its Location; poll it until state is done or failed.")
            .Accepts<ValidationRequest>("application/json").RequireAuthorization(ApiPolicies.Write);
    }

    private static async Task<IResult> ListAsync(ValidationRunStore runs, CancellationToken cancellationToken, string? limit = null, string? cursor = null, string? state = null)
    {
        var errors = new QueryErrors();
        var size = errors.Limit(limit, fallback: 20);
        var before = errors.NumericCursor(cursor);
        var only = errors.OneOf("state", state, States);
        if (errors.Any)
        {
            return errors.Problem();
        }

        return TypedResults.Ok(await runs.ListAsync(before, only, size, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> GetAsync(long id, ValidationRunStore runs, CancellationToken cancellationToken) =>
        await runs.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem($"There is no validation run {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<IResult> RequestAsync(HttpContext context, DnsValidationRunner runner, CancellationToken cancellationToken)
    {
        if (!runner.Configured)
        {
            return DnsProblems.NotConfigured("Validation");
        }

        IReadOnlyList<string>? zones = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContentType.Count > 0)
        {
            var (request, error) = await JsonBody.ReadAsync(context, ServerJsonContext.Default.ValidationRequest, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (request?.Zones is { } named)
            {
                var errors = new QueryErrors();
                var list = new List<string>();
                foreach (var zone in named.Take(101))
                {
                    if (errors.DnsName("zones", zone) is { } valid)
                    {
                        list.Add(valid.EndsWith('.') ? valid : valid + ".");
                    }
                }

                if (named.Count is 0 or > 100)
                {
                    errors.Add("zones", "name 1 to 100 zones, or leave zones out to validate everything.");
                }

                if (errors.Any)
                {
                    return errors.Problem();
                }

                zones = list;
            }
        }

        var run = await runner.RequestAsync("api", Actor.Of(context), zones, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/v1/validations/{run.Id}", run);
    }
}
