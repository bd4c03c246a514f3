using System;
using System.IO;
using System.Linq;
using System.Linq.Expressions;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// Stops the hidden re-send of .NET's SocketsHttpHandler (the handler under <see cref="HttpClientHandler"/> on
    /// .NET Core / pwsh 7): when a camera reads a request and closes the connection without a byte of reply, the handler
    /// sends the same request again on a new connection, up to 3 more times, without telling the caller. For a setter,
    /// reboot.cgi or an upload that is up to 4 changes from one decision (security.md, retry safety).
    /// </summary>
    /// <remarks>
    /// The guard installs a ConnectCallback on the SocketsHttpHandler (the transport's shared one, or the one inside a
    /// per-transport HttpClientHandler; through reflection: the module targets
    /// netstandard2.0 and cannot name SocketsHttpConnectionContext or ValueTask&lt;Stream&gt;; the delegate is built once
    /// with System.Linq.Expressions). The callback connects the socket as the handler's default does (dual-mode socket,
    /// NoDelay, the DnsEndPoint, the token honoured) and counts connects per request message: a second connect for the
    /// same message can only be the hidden re-send, so it fails with <see cref="HiddenResendBlockedException"/>, which
    /// <see cref="CamTransport"/> maps to a lost reply (<see cref="CamProtocolException"/> without an HTTP status). The
    /// module's own retry rules (<c>RequestRetry</c>, by CGI safety) are then the only retry. Each authentication round
    /// trip is a new request message, so it is not affected. Where the reflection fails (Windows PowerShell 5.1's
    /// HttpWebRequest-based handler, Mono, a future runtime), the handler is left as it is and <see cref="Problem"/> says why.
    /// </remarks>
    internal static class ConnectGuard
    {
        private static readonly ConditionalWeakTable<HttpRequestMessage, object> Connected = new ConditionalWeakTable<HttpRequestMessage, object>();
        private static readonly Install? Installer;
        private static readonly string? ProblemText;

        static ConnectGuard()
        {
            Installer = Build(out var problem); // built once: every handler gets the same compiled callback
            ProblemText = problem;
        }

        /// <summary>Sets the callback on a SocketsHttpHandler, or on the SocketsHttpHandler inside an HttpClientHandler.</summary>
        private delegate bool Install(HttpMessageHandler handler);

        /// <summary>True when the guard can be installed on this runtime.</summary>
        public static bool Active => Installer != null;

        /// <summary>Why the guard is not active on this runtime (null when it is).</summary>
        public static string? Problem => ProblemText;

        /// <summary>
        /// Installs the guard on a new handler (before its first request): a SocketsHttpHandler, or an HttpClientHandler
        /// built on one. False when it is not available here or the handler is of another kind.
        /// </summary>
        public static bool TryInstall(HttpMessageHandler handler) => Installer != null && Installer(handler);

        private static Install? Build(out string? problem)
        {
            problem = null;
            try
            {
                var socketsType = typeof(HttpClientHandler).Assembly.GetType("System.Net.Http.SocketsHttpHandler", throwOnError: false);
                if (socketsType is null)
                {
                    problem = "this runtime's HttpClientHandler is not built on SocketsHttpHandler";
                    return null;
                }
                var property = socketsType.GetProperty("ConnectCallback", BindingFlags.Instance | BindingFlags.Public);
                if (property is null || !property.CanWrite)
                {
                    problem = "SocketsHttpHandler has no settable ConnectCallback";
                    return null;
                }
                // the SocketsHttpHandler inside HttpClientHandler (null: only bare SocketsHttpHandlers get the guard)
                var inner = typeof(HttpClientHandler).GetFields(BindingFlags.Instance | BindingFlags.NonPublic).FirstOrDefault(f => f.FieldType == socketsType);
                // Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>
                var delegateType = property.PropertyType;
                var args = delegateType.IsGenericType ? delegateType.GetGenericArguments() : Type.EmptyTypes;
                if (args.Length != 3 || args[1] != typeof(CancellationToken))
                {
                    problem = "ConnectCallback has an unexpected type: " + delegateType;
                    return null;
                }
                var contextType = args[0];
                var dnsEndPoint = contextType.GetProperty("DnsEndPoint");
                var initialRequest = contextType.GetProperty("InitialRequestMessage");
                var wrap = args[2].GetConstructor(new[] { typeof(Task<Stream>) });
                if (dnsEndPoint is null || dnsEndPoint.PropertyType != typeof(DnsEndPoint) || initialRequest is null
                    || initialRequest.PropertyType != typeof(HttpRequestMessage) || wrap is null)
                {
                    problem = "SocketsHttpConnectionContext lacks DnsEndPoint/InitialRequestMessage, or " + args[2] + " cannot wrap a Task<Stream>";
                    return null;
                }
                var ctx = Expression.Parameter(contextType, "context");
                var token = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
                var connect = typeof(ConnectGuard).GetMethod(nameof(ConnectAsync), BindingFlags.Static | BindingFlags.NonPublic)!;
                var body = Expression.New(wrap, Expression.Call(connect, Expression.Property(ctx, dnsEndPoint), Expression.Property(ctx, initialRequest), token));
                var callback = Expression.Lambda(delegateType, body, ctx, token).Compile();

                return handler =>
                {
                    object? target = socketsType.IsInstanceOfType(handler) ? handler
                        : handler is HttpClientHandler && inner != null ? inner.GetValue(handler) : null;
                    if (target is null) return false;
                    property.SetValue(target, callback);
                    return true;
                };
            }
            catch (Exception ex)
            {
                problem = ex.GetType().Name + ": " + ex.Message;
                return null;
            }
        }

        /// <summary>The callback: the first connect for a request message connects; a second one is a hidden re-send and fails.</summary>
        private static async Task<Stream> ConnectAsync(DnsEndPoint endPoint, HttpRequestMessage? request, CancellationToken cancellationToken)
        {
            if (request != null)
            {
                lock (Connected)
                {
                    if (Connected.TryGetValue(request, out _))
                        throw new HiddenResendBlockedException();
                    Connected.Add(request, Connected);
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }; // dual-mode where the OS has IPv6
            try
            {
                using (cancellationToken.Register(s => ((Socket)s!).Dispose(), socket))
                {
                    await socket.ConnectAsync(endPoint).ConfigureAwait(false);
                }
                cancellationToken.ThrowIfCancellationRequested();
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception ex)
            {
                socket.Dispose();
                if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException("The connect was canceled.", ex, cancellationToken);
                throw;
            }
        }
    }

    /// <summary>
    /// The handler tried to send a request a second time on a new connection after the camera closed the first one
    /// without a reply (see <see cref="ConnectGuard"/>): the request reached the camera once and may have been applied.
    /// </summary>
    internal sealed class HiddenResendBlockedException : IOException
    {
        public HiddenResendBlockedException()
            : base("The camera closed the connection without a reply; the handler's hidden re-send was refused.") { }
    }
}
