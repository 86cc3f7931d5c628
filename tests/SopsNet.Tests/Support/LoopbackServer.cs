using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SopsNet.Tests.Support;

/// <summary>
/// Kestrel on 127.0.0.1 with a free port, for the fake key services: never another address, so no test
/// traffic leaves the machine. Https when a certificate is given (Azure.Core refuses bearer tokens over http).
/// </summary>
public static class LoopbackServer
{
    public static async Task<(WebApplication App, string Address)> StartAsync(Func<HttpContext, Task> handle, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.Run(new RequestDelegate(handle));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return (app, address);
    }
}
