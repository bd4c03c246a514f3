using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FoscamPS.Emulator.Server;

/// <summary>
/// One Kestrel server with one listen endpoint per handler. Each endpoint's connection middleware is terminal
/// (our own HTTP/1 layer), so Kestrel's HTTP pipeline never runs; Kestrel provides sockets, accept loops and
/// pipes. Ports bound as 0 are read back after start.
/// </summary>
internal sealed class KestrelListener : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private readonly List<ListenOptions> _listens;

    private KestrelListener(KestrelServer server, List<ListenOptions> listens)
    {
        _server = server;
        _listens = listens;
    }

    /// <summary>Bound endpoints, in the order of the handlers.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints
    {
        get
        {
            var list = new List<IPEndPoint>(_listens.Count);
            foreach (var l in _listens)
            {
                list.Add((IPEndPoint)l.EndPoint);
            }

            return list;
        }
    }

    public static async Task<KestrelListener> StartAsync(IReadOnlyList<(IPEndPoint EndPoint, Func<ConnectionContext, Task> Handler)> endpoints, CancellationToken ct)
    {
        var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = EmptyServices.Instance };
        options.Limits.MaxConcurrentConnections = null;
        options.Limits.MaxConcurrentUpgradedConnections = null;
        var listens = new List<ListenOptions>(endpoints.Count);
        foreach (var (endPoint, handler) in endpoints)
        {
            options.Listen(endPoint, listen =>
            {
                listens.Add(listen);
                listen.Use(_ => connection => handler(connection));
            });
        }

        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance);
        var server = new KestrelServer(Options.Create(options), transport, NullLoggerFactory.Instance);
        try
        {
            await server.StartAsync(new UnusedApplication(), ct).ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return new KestrelListener(server, listens);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _server.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _server.Dispose();
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    /// <summary>Never called: every connection middleware is terminal.</summary>
    private sealed class UnusedApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }
}
