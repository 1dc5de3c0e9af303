using PacketGuide.Cli;

return await PguideCli.RunAsync(args, new CliEnvironment(Console.Out, Console.Error, TimeProvider.System, Console.OpenStandardInput));
