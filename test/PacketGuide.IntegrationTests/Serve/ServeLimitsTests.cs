using System.Net;
using PacketGuide.IntegrationTests.Infrastructure;
using PacketGuide.Server.Storage;

namespace PacketGuide.IntegrationTests.Serve;

/// <summary>Rate limiting per key, and metrics behind a key when configured so.</summary>
public sealed class ServeLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_other_keys_do_not()
    {
        await using var work = TestWorkDirectory.Create("serve-limits");
        await using var host = await ServeTestHost.StartAsync(work, o => o with { Security = o.Security with { RequestsPerMinute = 5, AnonymousMetrics = false } }, Ct);
        using var busy = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));
        using var calm = host.Client(await host.CreateKeyAsync(ApiScope.Read, Ct));

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            codes.Add((await busy.GetAsync("/api/v1/subnets", Ct)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), codes);
        using var limited = await busy.GetAsync("/api/v1/subnets", Ct);
        Assert.Equal("60", limited.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync("/api/v1/subnets", Ct)).StatusCode);

        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync("/metrics", Ct)).StatusCode);
    }
}
