using System.CommandLine;
using System.Globalization;
using PacketGuide.Dhcp.Kea;

namespace PacketGuide.Cli.Dhcp.Kea;

/// <summary>
/// How to reach a Kea server: <c>--url</c> (control agent) or <c>--socket</c>, credentials, TLS, timeout. Used by
/// <c>dhcp kea</c> (recursive, one of --url/--socket required) and by <c>dhcp leases|pools</c> (optional: a source of
/// truth for leases and pools).
/// </summary>
internal sealed class KeaConnectionOptions(bool recursive)
{
    public Option<string> Url { get; } = new("--url") { Description = "Kea Control Agent URL, e.g. http://127.0.0.1:8000/ or https://10.0.0.5:8000/.", Recursive = recursive };

    public Option<string> Socket { get; } = new("--socket") { Description = "Unix control socket of the server (its control-socket socket-name).", Recursive = recursive };

    public Option<string> Service { get; } = new("--service")
    {
        Description = "Server behind the agent: dhcp4 or dhcp6 (with --socket: which commands, lease4-* or lease6-*).",
        DefaultValueFactory = _ => "dhcp4",
        Recursive = true,
    };

    public Option<string> User { get; } = new("--user") { Description = "User for the agent's HTTP basic authentication.", Recursive = recursive };

    public Option<string> PasswordFile { get; } = new("--password-file") { Description = "File whose first line is the password.", Recursive = recursive };

    public Option<string> PasswordEnv { get; } = new("--password-env") { Description = "Environment variable that holds the password.", Recursive = recursive };

    public Option<string> CaCert { get; } = new("--ca-cert") { Description = "PEM CA certificate that signed the agent's certificate (https).", Recursive = recursive };

    public Option<string> ClientCert { get; } = new("--client-cert") { Description = "PEM client certificate, for an agent with cert-required (mutual TLS).", Recursive = recursive };

    public Option<string> ClientKey { get; } = new("--client-key") { Description = "PEM private key of --client-cert (if not in the same file).", Recursive = recursive };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for each answer (default 10).",
        DefaultValueFactory = _ => KeaClientOptions.DefaultTimeout.TotalSeconds,
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Trace each command, target, result and time on stderr (never secrets).", Recursive = recursive };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Url, Socket, Service, User, PasswordFile, PasswordEnv, CaCert, ClientCert, ClientKey, Timeout, Verbose })
        {
            command.Options.Add(option);
        }

        Service.AcceptOnlyFromAmong("dhcp4", "dhcp6");
    }

    /// <summary>True when --url or --socket was given.</summary>
    public bool IsGiven(ParseResult parse) => parse.GetValue(Url) is not null || parse.GetValue(Socket) is not null;

    /// <summary>The client options; throws <see cref="KeaConfigurationException"/> with a message that says what to fix.</summary>
    public KeaClientOptions Bind(ParseResult parse, CliEnvironment env)
    {
        var url = parse.GetValue(Url);
        var socket = parse.GetValue(Socket);
        if ((url is null) == (socket is null))
        {
            throw new KeaConfigurationException("give exactly one of --url (control agent) and --socket (unix control socket).");
        }

        Uri? agent = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out agent) || agent.Scheme is not ("http" or "https")))
        {
            throw new KeaConfigurationException("--url must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:8000/.");
        }

        var seconds = parse.GetValue(Timeout);
        if (!(seconds > 0 && seconds <= 3600))
        {
            throw new KeaConfigurationException(string.Create(CultureInfo.InvariantCulture, $"--timeout: {seconds} must be between 0 and 3600 seconds."));
        }

        var user = parse.GetValue(User);
        var file = parse.GetValue(PasswordFile);
        var variable = parse.GetValue(PasswordEnv);
        if (file is not null && variable is not null)
        {
            throw new KeaConfigurationException("give one of --password-file and --password-env.");
        }

        if (user is null && (file ?? variable) is not null)
        {
            throw new KeaConfigurationException("--password-file/--password-env need --user.");
        }

        if (user is not null && file is null && variable is null)
        {
            throw new KeaConfigurationException("--user needs --password-file FILE or --password-env NAME (passwords are not taken on the command line).");
        }

        var credentials = user is null ? null
            : file is not null ? KeaCredentials.FromFile(user, file)
            : KeaCredentials.FromEnvironment(user, variable!);
        var service = KeaServices.TryParse(parse.GetValue(Service), out var chosen) ? chosen : KeaService.Dhcp4;
        var verbose = parse.GetValue(Verbose);
        return new KeaClientOptions
        {
            AgentUrl = agent,
            SocketPath = socket,
            Service = service,
            Credentials = credentials,
            CaCertificatePath = parse.GetValue(CaCert),
            ClientCertificatePath = parse.GetValue(ClientCert),
            ClientKeyPath = parse.GetValue(ClientKey),
            Timeout = TimeSpan.FromSeconds(seconds),
            TimeProvider = env.Time,
            Trace = verbose ? line => env.Error.WriteLine(line) : null,
        };
    }
}
