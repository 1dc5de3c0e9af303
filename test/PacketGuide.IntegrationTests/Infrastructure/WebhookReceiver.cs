using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// A webhook receiver of the test's own on 127.0.0.1 (the generic webhook channel posts to whatever URL it is given, so
/// this is the receiver, not a stand-in for a server). <see cref="HookUrl"/> keeps each body it accepts with its
/// <c>X-Pguide-Signature</c> and <c>X-Pguide-Delivery</c> headers, after answering the statuses queued in
/// <see cref="Answers"/> (503, 400 ...); <see cref="RefuseUrl"/> always answers 400 with a reason.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string RefusalReason = "channel archived; use #noc-new";
    private WebhookReceiver(WebApplication app) => App = app;

    private WebApplication App { get; }

    public string HookUrl => App.Urls.First() + "/hook";

    public string RefuseUrl => App.Urls.First() + "/refuse";

    /// <summary>Statuses to answer before accepting again, in order.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>What was accepted (200), in order.</summary>
    public ConcurrentQueue<(string Body, string? Signature, string? Delivery)> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new WebhookReceiver(builder.Build());
        receiver.App.MapPost("/hook", (Func<HttpContext, Task<IResult>>)receiver.HookAsync);
        receiver.App.MapPost("/refuse", () => Results.Text($"{{\"error\":\"{RefusalReason}\"}}", "application/json", statusCode: 400));
        await receiver.App.StartAsync(cancellationToken);
        return receiver;
    }

    /// <summary>The signature pguide puts on <paramref name="body"/> with <paramref name="secret"/>: <c>sha256=HEX</c>.</summary>
    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private async Task<IResult> HookAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var status = Answers.TryDequeue(out var next) ? next : 200;
        if (status == 200)
        {
            Received.Enqueue((body, context.Request.Headers["X-Pguide-Signature"].FirstOrDefault(), context.Request.Headers["X-Pguide-Delivery"].FirstOrDefault()));
        }

        return Results.Text(status == 200 ? "" : "{\"error\":\"told to fail\"}", "application/json", statusCode: status);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
