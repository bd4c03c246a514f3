using System;
using System.Linq;
using System.Text;
using FoscamPS.Fleet.Store;
using Xunit;

namespace FoscamPS.Tests.Store;

public class StoreCryptoTests
{
    private static byte[] Hex(string hex)
    {
        hex = new string(hex.Where(Uri.IsHexDigit).ToArray());
        return Enumerable.Range(0, hex.Length / 2).Select(i => Convert.ToByte(hex.Substring(i * 2, 2), 16)).ToArray();
    }

    // RFC 7914 section 11, PBKDF2-HMAC-SHA256 test vectors.
    private const string Vector1 = "55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc " +
                                   "49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31 7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83";
    private const string Vector2 = "4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9 64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56 " +
                                   "a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17 6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d";

    [Fact]
    public void Pbkdf2Managed_MatchesRfc7914Vectors()
    {
        Assert.Equal(Hex(Vector1), StoreCrypto.Pbkdf2Sha256Managed(Encoding.ASCII.GetBytes("passwd"), Encoding.ASCII.GetBytes("salt"), 1, 64));
        Assert.Equal(Hex(Vector2), StoreCrypto.Pbkdf2Sha256Managed(Encoding.ASCII.GetBytes("Password"), Encoding.ASCII.GetBytes("NaCl"), 80000, 64));
    }

    [Fact]
    public void Pbkdf2Platform_IsFoundByReflection_AndMatchesRfc7914Vectors()
    {
        Assert.True(StoreCrypto.HasPlatformPbkdf2);
        Assert.Equal(Hex(Vector1), StoreCrypto.Pbkdf2Sha256(Encoding.ASCII.GetBytes("passwd"), Encoding.ASCII.GetBytes("salt"), 1, 64));
        Assert.Equal(Hex(Vector2), StoreCrypto.Pbkdf2Sha256(Encoding.ASCII.GetBytes("Password"), Encoding.ASCII.GetBytes("NaCl"), 80000, 64));
    }

    [Fact]
    public void Pbkdf2_PlatformAndManagedAgree_OnOddLengths()
    {
        byte[] pwd = Encoding.UTF8.GetBytes("fake-Pa55!"), salt = Hex("00112233445566778899aabbccddeeff");
        foreach (int len in new[] { 1, 31, 32, 33, 70 })
            Assert.Equal(StoreCrypto.Pbkdf2Sha256Managed(pwd, salt, 1000, len), StoreCrypto.Pbkdf2Sha256(pwd, salt, 1000, len));
    }

    [Fact]
    public void Hkdf_MatchesRfc5869TestCase1()
    {
        byte[] okm = StoreCrypto.Hkdf(
            Hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
            Hex("000102030405060708090a0b0c"),
            Hex("f0f1f2f3f4f5f6f7f8f9"), 42);
        Assert.Equal(Hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"), okm);
    }

    [Fact]
    public void FixedTimeEquals_ComparesContentAndLength()
    {
        Assert.True(StoreCrypto.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }));
        Assert.False(StoreCrypto.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 }));
        Assert.False(StoreCrypto.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2 }));
    }

    [Fact]
    public void Seal_IsBoundToRecordIdAndAddress_AndUsesFreshIvs()
    {
        using var keys = new StoreCrypto.StoreKeys(StoreCrypto.RandomBytes(32));
        byte[] plain = StoreCrypto.EncodeCredential("admin", StoreTestSupport.Secure(StoreTestSupport.FakePassword));
        StoreCrypto.Seal(keys, "Porch", "cam1:80", plain, out byte[] iv, out byte[] ct, out byte[] mac);
        StoreCrypto.Seal(keys, "Porch", "cam1:80", plain, out byte[] iv2, out byte[] ct2, out _);
        Assert.NotEqual(iv, iv2);
        Assert.NotEqual(ct, ct2);

        Assert.Equal(plain, StoreCrypto.Open(keys, "porch", "cam1:80", iv, ct, mac)); // ids are case-insensitive
        Assert.Null(StoreCrypto.Open(keys, "Garage", "cam1:80", iv, ct, mac));
        Assert.Null(StoreCrypto.Open(keys, "Porch", "cam2:80", iv, ct, mac));
        Assert.Null(StoreCrypto.Open(keys, "Porch", "cam1:81", iv, ct, mac));
        var otherIv = (byte[])iv.Clone();
        otherIv[0] ^= 1;
        Assert.Null(StoreCrypto.Open(keys, "Porch", "cam1:80", otherIv, ct, mac));
        using var otherKeys = new StoreCrypto.StoreKeys(StoreCrypto.RandomBytes(32));
        Assert.Null(StoreCrypto.Open(otherKeys, "Porch", "cam1:80", iv, ct, mac));
    }

    [Fact]
    public void StoreKeys_DeriveSeparateEncryptionAndMacKeys()
    {
        using var keys = new StoreCrypto.StoreKeys(StoreCrypto.RandomBytes(32));
        Assert.Equal(32, keys.EncryptionKey.Length);
        Assert.Equal(32, keys.MacKey.Length);
        Assert.NotEqual(keys.EncryptionKey, keys.MacKey);
    }

    [Fact]
    public void CredentialEncoding_RoundTripsUnicode()
    {
        string pwd = "fake-Pa55!€ü漢";
        byte[] plain = StoreCrypto.EncodeCredential("ädmin", StoreTestSupport.Secure(pwd));
        var cred = StoreCrypto.DecodeCredential(plain);
        Assert.NotNull(cred);
        Assert.Equal("ädmin", cred!.UserName);
        Assert.Equal(pwd, cred.Password);
    }
}
