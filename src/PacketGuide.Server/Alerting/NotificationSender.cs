using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PacketGuide.Alerting.Config;

namespace PacketGuide.Server.Alerting;

/// <summary>
/// Sends one rendered notification body to one channel, once, and says what happened: delivered (2xx, or the mail server
/// took the mail), retry (429, 5xx, a receiver that cannot be reached or does not answer, with its Retry-After when it
/// gave one) or refused for good (any other answer, with the receiver's words). Alertmanager bodies go to
/// <c>/api/v2/alerts</c>; PagerDuty gets the routing key added on the way out (it is never stored); webhooks are signed
/// with HMAC-SHA256 over the body (<c>X-Pguide-Signature: sha256=HEX</c>); email goes through <see cref="SmtpSender"/>.
/// Used by <see cref="NotificationDispatcher"/> for the outbox and by <c>pguide alert test</c>.
/// </summary>
public sealed class NotificationSender(TimeProvider timeProvider) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <param name="channel">Where to send.</param>
    /// <param name="secret">The channel's resolved secret (webhook HMAC key, PagerDuty routing key, SMTP password), or null.</param>
    /// <param name="body">The body <see cref="NotificationRenderer"/> made for this channel.</param>
    /// <param name="deliveryId">The outbox id (sent as <c>X-Pguide-Delivery</c> and in the mail's Message-Id); 0 for none.</param>
    /// <param name="cancellationToken">Stops the send.</param>
    public async Task<SendResult> SendAsync(AlertChannel channel, byte[]? secret, string body, long deliveryId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(body);
        if (channel.Type == AlertChannelType.Email)
        {
            var (delivered, retry, mailError) = await SmtpSender.SendAsync(channel, secret is null ? null : Encoding.UTF8.GetString(secret), body, deliveryId, cancellationToken)
                .ConfigureAwait(false);
            return new SendResult(delivered ? SendOutcome.Delivered : retry ? SendOutcome.Retry : SendOutcome.Refused, mailError, null);
        }

        var url = channel.Type == AlertChannelType.Alertmanager ? new Uri(channel.Url.AbsoluteUri.TrimEnd('/') + "/api/v2/alerts") : channel.Url;
        if (channel.Type == AlertChannelType.PagerDuty)
        {
            // The routing key is a secret: never stored with the event, added on the way out.
            body = "{\"routing_key\":\"" + JsonEncodedText.Encode(Encoding.UTF8.GetString(secret ?? [])) + "\"," + body[1..];
            secret = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (deliveryId > 0)
        {
            request.Headers.Add("X-Pguide-Delivery", deliveryId.ToString(CultureInfo.InvariantCulture));
        }

        if (secret is not null)
        {
            request.Headers.Add("X-Pguide-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(body))));
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new SendResult(SendOutcome.Delivered, null, null);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = $"{(int)response.StatusCode} {response.ReasonPhrase}: {(text.Length > 300 ? text[..300] + "..." : text)}";
            return response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500
                ? new SendResult(SendOutcome.Retry, error, RetryAfter(response.Headers.RetryAfter))
                : new SendResult(SendOutcome.Refused, error, null);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(SendOutcome.Retry, $"cannot reach {url.GetLeftPart(UriPartial.Authority)} ({ex.Message})", null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(SendOutcome.Retry, $"{url.GetLeftPart(UriPartial.Authority)} did not answer within {_http.Timeout.TotalSeconds} s", null);
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        return wait is { } w && w > TimeSpan.Zero ? (w > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : w) : null;
    }

    public void Dispose() => _http.Dispose();
}
