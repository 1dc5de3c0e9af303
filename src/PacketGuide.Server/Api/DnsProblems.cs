using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PacketGuide.Dns.Config;
using PacketGuide.Dns.Providers;
using PacketGuide.Dns.Zones;

namespace PacketGuide.Server.Api;

/// <summary>The DNS endpoints' failures as RFC 7807 answers, with the provider's own words (which never hold a secret).</summary>
internal static class DnsProblems
{
    public static IResult From(Exception exception) => exception switch
    {
        DnsProviderException { Failure: DnsProviderFailure.Unreachable } e => Problem(StatusCodes.Status502BadGateway, "DNS provider unreachable", e.Message),
        DnsProviderException { Failure: DnsProviderFailure.PreconditionFailed } e => Problem(StatusCodes.Status409Conflict, "Changed by someone else", e.Message + " Read again and retry."),
        DnsProviderException e => Problem(StatusCodes.Status422UnprocessableEntity, "Refused by the DNS provider", e.Message),
        ZoneApplyException { Failure: ZoneApplyFailure.Refused } e => Problem(StatusCodes.Status409Conflict, "Refused by a safety rail, nothing sent",
            e.Message + "\nReview the plan; send force: true to apply it anyway."),
        ZoneApplyException e => Problem(StatusCodes.Status409Conflict, "The zone changed since the plan, nothing sent", e.Message),
        DnsConfigException e => Problem(StatusCodes.Status400BadRequest, "DNS configuration", e.Message),
        _ => throw new ArgumentException($"not a DNS failure: {exception.GetType().Name}", nameof(exception)),
    };

    public static bool Handles(Exception exception) => exception is DnsProviderException or ZoneApplyException or DnsConfigException;

    public static IResult NotConfigured(string what) => Problem(StatusCodes.Status404NotFound, "No DNS configured",
        $"{what} needs DNS providers (dns.providers in pguide.yaml) or zone specs (serve.dns.zones); see docs/serve.md.");

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
