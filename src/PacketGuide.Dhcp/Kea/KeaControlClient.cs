using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace PacketGuide.Dhcp.Kea;

/// <summary>
/// Kea's control API over the Control Agent (HTTP/HTTPS, basic auth, TLS) or a server's unix control socket.
/// Every call sends one command and reads the whole answer within <see cref="KeaClientOptions.Timeout"/>; failures are
/// <see cref="KeaException"/>s whose messages name the URL or socket and the likely fix.
/// </summary>
public sealed class KeaControlClient : IDisposable
{
    private readonly KeaClientOptions _options;
    private readonly IKeaTransport _transport;

    public KeaControlClient(KeaClientOptions options)
        : this(options, CreateTransport(options))
    {
    }

    internal KeaControlClient(KeaClientOptions options, IKeaTransport transport)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new KeaConfigurationException("The Kea timeout must be positive.");
        }

        _options = options;
        _transport = transport;
    }

    /// <summary>The agent URL or socket path.</summary>
    public string Target => _transport.Target;

    public KeaService Service => _options.Service;

    /// <summary><c>status-get</c> (built in).</summary>
    public async Task<KeaStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendCheckedAsync("status-get", emptyIsResult: false, cancellationToken).ConfigureAwait(false);
        return KeaResultParser.Status(response.Arguments);
    }

    /// <summary><c>config-get</c> (built in). Dispose the result when done with its JSON.</summary>
    public async Task<KeaConfig> GetConfigAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendCheckedAsync("config-get", emptyIsResult: false, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.Arguments.ValueKind != JsonValueKind.Object)
            {
                throw new KeaProtocolException(Target, $"config-get from {Target} has no arguments object.");
            }

            return new KeaConfig(response, _options.Service);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary><c>statistic-get-all</c> (built in): every statistic's newest sample.</summary>
    public async Task<KeaStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendCheckedAsync("statistic-get-all", emptyIsResult: false, cancellationToken).ConfigureAwait(false);
        return KeaResultParser.Statistics(response.Arguments, Target);
    }

    /// <summary><c>stat-lease4-get</c> or <c>stat-lease6-get</c> (hook libdhcp_stat_cmds.so): per-subnet address counts.</summary>
    public async Task<IReadOnlyList<KeaSubnetLeaseStats>> GetLeaseStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var command = $"stat-lease{_options.Service.Family()}-get";
        using var response = await SendCheckedAsync(command, emptyIsResult: true, cancellationToken).ConfigureAwait(false);
        return KeaResultParser.LeaseStatistics(response.Arguments, Target);
    }

    /// <summary><c>lease4-get-all</c> or <c>lease6-get-all</c> (hook libdhcp_lease_cmds.so). No leases is an empty list.</summary>
    public async Task<KeaLeaseList> GetLeasesAsync(CancellationToken cancellationToken = default)
    {
        var command = $"lease{_options.Service.Family()}-get-all";
        using var response = await SendCheckedAsync(command, emptyIsResult: true, cancellationToken).ConfigureAwait(false);
        return KeaResultParser.Leases(response.Arguments, Target);
    }

    /// <summary>
    /// Sends any command and returns Kea's answer whatever its result code (only transport and protocol failures throw).
    /// <paramref name="arguments"/> must be a JSON object if given.
    /// </summary>
    public async Task<KeaResponse> SendAsync(string command, JsonElement? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var request = BuildRequest(command, _transport.IsAgent ? _options.Service : null, arguments);
        using var timeout = new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _options.TimeProvider.GetTimestamp();
        Trace($"kea: {command} -> {Target}{(_transport.IsAgent ? $" service {_options.Service.ToWireName()}" : "")}"
            + (_options.Credentials is { } c && _transport.IsAgent ? $" as user '{c.User}'" : ""));
        ReadOnlyMemory<byte> body;
        try
        {
            body = await _transport.SendAsync(request, command, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new KeaTimeoutException(Target, string.Create(CultureInfo.InvariantCulture,
                $"No complete answer from {Target} to '{command}' within {_options.Timeout.TotalSeconds:0.###} s.")
                + " The server may be busy or hung; a large lease table needs a longer --timeout.", ex);
        }

        var response = KeaResponse.Parse(body, Target, command);
        Trace(string.Create(CultureInfo.InvariantCulture,
            $"kea: {command} <- {Target}: result {response.Result}, {body.Length} bytes in {_options.TimeProvider.GetElapsedTime(started).TotalMilliseconds:0} ms"));
        return response;
    }

    public void Dispose() => _transport.Dispose();

    internal static ReadOnlyMemory<byte> BuildRequest(string command, KeaService? service, JsonElement? arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("command", command);
            if (service is { } s)
            {
                writer.WriteStartArray("service");
                writer.WriteStringValue(s.ToWireName());
                writer.WriteEndArray();
            }

            if (arguments is { } args)
            {
                if (args.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException("Kea command arguments must be a JSON object.", nameof(arguments));
                }

                writer.WritePropertyName("arguments");
                args.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private async Task<KeaResponse> SendCheckedAsync(string command, bool emptyIsResult, CancellationToken cancellationToken)
    {
        var response = await SendAsync(command, null, cancellationToken).ConfigureAwait(false);
        if (response.Result == KeaResultCodes.Success || (response.Result == KeaResultCodes.Empty && emptyIsResult))
        {
            return response;
        }

        var result = response.Result;
        var text = response.Text;
        response.Dispose();
        throw CommandFailure(command, result, text);
    }

    private KeaCommandException CommandFailure(string command, int result, string? text)
    {
        var said = text is null ? "" : $": Kea said \"{text}\"";
        var via = _transport.IsAgent ? $"{_options.Service.ToWireName()} via {Target}" : Target;
        var message = result switch
        {
            KeaResultCodes.Unsupported when KeaResultCodes.HookLibraryFor(command) is { } hook =>
                $"'{command}' is not supported by {via}{said}. The command comes from the hook library {hook}: add it to the server's "
                + $"\"hooks-libraries\" (e.g. {{ \"library\": \"/usr/lib/x86_64-linux-gnu/kea/hooks/{hook}\" }}) and reload the configuration.",
            KeaResultCodes.Unsupported => $"'{command}' is not supported by {via}{said}. This Kea version or service does not know the command.",
            KeaResultCodes.Empty => $"Kea found nothing for '{command}' ({via}){said}.",
            KeaResultCodes.Error when text is not null && text.Contains("forwarding socket is not configured", StringComparison.Ordinal) =>
                $"The control agent {Target} has no control socket for {_options.Service.ToWireName()}{said}. Add it to the agent's "
                + "\"control-sockets\" or choose the right --service.",
            KeaResultCodes.Error when text is not null && text.Contains("unable to forward", StringComparison.Ordinal) =>
                $"The control agent {Target} could not reach the {_options.Service.ToWireName()} server{said}. Is the server running, and does the "
                + "agent's control-sockets socket-name match the server's control-socket?",
            KeaResultCodes.Error => $"Kea ({via}) refused '{command}'{said}.",
            _ => string.Create(CultureInfo.InvariantCulture, $"Kea ({via}) answered '{command}' with result {result}{said}."),
        };
        return new KeaCommandException(Target, command, result, text, message);
    }

    private void Trace(string line) => _options.Trace?.Invoke(line);

    private static IKeaTransport CreateTransport(KeaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (options.AgentUrl, options.SocketPath) switch
        {
            (not null, not null) => throw new KeaConfigurationException("Give either the control agent URL or the unix socket path, not both."),
            (not null, null) => new KeaHttpTransport(options),
            (null, { Length: > 0 } path) => options.Credentials is null && options.CaCertificatePath is null && options.ClientCertificatePath is null
                ? new KeaUnixSocketTransport(path, options.MaxResponseBytes)
                : throw new KeaConfigurationException("User, password and TLS options apply to the control agent (--url), not to a unix socket."),
            _ => throw new KeaConfigurationException("Give the control agent URL (e.g. http://127.0.0.1:8000/) or a unix control socket path."),
        };
    }
}
