namespace WorkerApp;

/// <summary>Uses a secret from the configuration, then stops the application (a real worker would keep running).</summary>
public sealed class Worker(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<Worker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var password = configuration["database:password"]
            ?? throw new InvalidOperationException("database:password is not in the configuration");

        // A demo only: never write a real secret to the log.
        logger.LogInformation("connecting to {Host} as {User}", configuration["database:host"], configuration["database:user"]);
        Console.WriteLine($"database:password has {password.Length} characters");
        lifetime.StopApplication();
        return Task.CompletedTask;
    }
}
