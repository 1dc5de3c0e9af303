namespace PacketGuide.Dhcp.Kea;

/// <summary>
/// Where and how to reach Kea: exactly one of <see cref="AgentUrl"/> (the Kea Control Agent over HTTP or HTTPS) and
/// <see cref="SocketPath"/> (a server's unix control socket).
/// </summary>
public sealed record KeaClientOptions
{
    /// <summary>Default <see cref="Timeout"/>: a whole <c>lease4-get-all</c> of a big server can take a few seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Answers larger than this are refused (Kea sends whole documents; a million leases is about 300 MB).</summary>
    public const int DefaultMaxResponseBytes = 512 << 20;

    /// <summary>The control agent, e.g. <c>http://127.0.0.1:8000/</c> or <c>https://kea.example:8000/</c>. No user info.</summary>
    public Uri? AgentUrl { get; init; }

    /// <summary>The server's <c>control-socket</c> <c>socket-name</c>, e.g. <c>/run/kea/kea4-ctrl-socket</c>.</summary>
    public string? SocketPath { get; init; }

    /// <summary>Which server the agent forwards to (ignored on a unix socket: the socket is one server).</summary>
    public KeaService Service { get; init; } = KeaService.Dhcp4;

    /// <summary>Basic authentication for the agent (Kea's <c>authentication</c> / <c>clients</c>).</summary>
    public KeaCredentials? Credentials { get; init; }

    /// <summary>PEM file of the CA that signed the agent's certificate (Kea's <c>trust-anchor</c> on the client side).</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>PEM client certificate for mutual TLS (the agent's <c>cert-required: true</c>).</summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificatePath"/>; may be omitted if the certificate file holds the key too.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>Per command: connect, send and read the whole answer.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>Clock for the timeout (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Optional trace of what is sent where and what came back (command, target, status, size, time). Never secrets.</summary>
    public Action<string>? Trace { get; init; }

    /// <summary>Test hook: opens the TCP connection for the HTTP transport (e.g. inside a network namespace).</summary>
    internal Func<System.Net.Http.SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? ConnectCallback { get; init; }
}
