using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;

namespace FoscamPS.Emulator.Auth;

internal enum NonceCheck
{
    Valid,

    /// <summary>Unknown or expired: challenge again with stale=true.</summary>
    Stale,

    /// <summary>nc not above the last one seen for this nonce.</summary>
    Replay,
}

/// <summary>
/// Server nonces of one camera. A nonce stays valid for <see cref="Lifetime"/> and may be reused with a
/// strictly increasing nc (so a client can avoid the extra round trip per request).
/// </summary>
internal sealed class DigestNonceStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const int MaxNonces = 512;

    private readonly ConcurrentDictionary<string, Entry> _nonces = new(StringComparer.Ordinal);

    public string Create()
    {
        if (_nonces.Count >= MaxNonces)
        {
            Purge();
        }

        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = new Entry(Stopwatch.GetTimestamp());
        return nonce;
    }

    /// <summary>Checks a nonce; with qop (nc given) also that nc increases.</summary>
    public NonceCheck Check(string nonce, long? nc)
    {
        if (!_nonces.TryGetValue(nonce, out var entry) || Stopwatch.GetElapsedTime(entry.Created) > Lifetime)
        {
            return NonceCheck.Stale;
        }

        if (nc is null)
        {
            return NonceCheck.Valid;
        }

        lock (entry)
        {
            if (nc.Value <= entry.LastNc)
            {
                return NonceCheck.Replay;
            }

            entry.LastNc = nc.Value;
            return NonceCheck.Valid;
        }
    }

    public void Clear() => _nonces.Clear();

    private void Purge()
    {
        foreach (var (key, entry) in _nonces)
        {
            if (Stopwatch.GetElapsedTime(entry.Created) > Lifetime)
            {
                _nonces.TryRemove(key, out _);
            }
        }

        if (_nonces.Count >= MaxNonces)
        {
            _nonces.Clear();
        }
    }

    private sealed class Entry(long created)
    {
        public long Created { get; } = created;

        public long LastNc { get; set; }
    }
}
