using System;

namespace FoscamPS.Emulator.Media;

/// <summary>
/// The emulated microphone: 8 kHz mono, G.711 µ-law. Quiet room noise (±48 of 32767) with a 1 kHz tone of 100 ms
/// (amplitude 8000) at the start of every second of the stream, so a listener (or a test) hears that audio flows and
/// can line it up with the video. Deterministic: chunk k always holds the same bytes.
/// </summary>
public static class MicrophoneSignal
{
    /// <summary>µ-law code of silence (linear 0).</summary>
    public const byte MuLawSilence = 0xFF;

    /// <summary>Chunk <paramref name="chunk"/> of <see cref="AsfStreamWriter.AudioChunkBytes"/> µ-law samples.</summary>
    public static byte[] Chunk(long chunk)
    {
        var bytes = new byte[AsfStreamWriter.AudioChunkBytes];
        long first = chunk * bytes.Length;
        for (int i = 0; i < bytes.Length; i++)
        {
            long n = first + i;
            double sample = Noise(n) * 48.0;
            if (n % AsfStreamWriter.AudioSampleRate < AsfStreamWriter.AudioSampleRate / 10)
            {
                sample += 8000.0 * Math.Sin(2 * Math.PI * 1000.0 * n / AsfStreamWriter.AudioSampleRate);
            }

            bytes[i] = MuLaw((short)Math.Round(sample));
        }

        return bytes;
    }

    /// <summary>A chunk of silence (the forbidden schedule mutes the microphone with the video).</summary>
    public static byte[] Silence()
    {
        var bytes = new byte[AsfStreamWriter.AudioChunkBytes];
        Array.Fill(bytes, MuLawSilence);
        return bytes;
    }

    /// <summary>ITU-T G.711 µ-law encoding of a 16-bit linear sample (bias 0x84, clip 32635).</summary>
    public static byte MuLaw(short pcm)
    {
        const int Bias = 0x84;
        const int Clip = 32635;
        int sign = pcm < 0 ? 0x80 : 0;
        int magnitude = Math.Min(Math.Abs((int)pcm), Clip) + Bias;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    /// <summary>Deterministic noise in [-1, 1] per sample index.</summary>
    private static double Noise(long n)
    {
        ulong x = (ulong)n * 0x9E3779B97F4A7C15UL;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 32;
        return ((x & 0xFFFF) / 32767.5) - 1.0;
    }
}
