using System;
using FoscamPS.Fleet.Store;
using Xunit;

namespace FoscamPS.Tests.Store;

public class CamWildcardTests
{
    [Theory]
    [InlineData("Porch", "porch", true)]
    [InlineData("Porch", "P*", true)]
    [InlineData("Porch", "*h", true)]
    [InlineData("Porch", "*rc*", true)]
    [InlineData("Porch", "*", true)]
    [InlineData("", "*", true)]
    [InlineData("Porch", "P?rch", true)]
    [InlineData("Porch", "P?ch", false)]
    [InlineData("cam1", "cam[0-9]", true)]
    [InlineData("camA", "cam[0-9]", false)]
    [InlineData("camb", "cam[a-c]", true)]
    [InlineData("camB", "cam[abc]", true)]
    [InlineData("cam-1", "cam[-_]1", true)]
    [InlineData("a*b", "a`*b", true)]
    [InlineData("axb", "a`*b", false)]
    [InlineData("a[b", "a`[b", true)]
    [InlineData("garden.cam.01", "garden.*.0?", true)]
    [InlineData("Porch", "Porc", false)]
    [InlineData("Porch", "Porchx", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*a*c", false)]
    public void IsMatch_FollowsPowerShellWildcards(string input, string pattern, bool expected)
        => Assert.Equal(expected, CamWildcard.IsMatch(input, pattern));

    [Fact]
    public void UnterminatedBracket_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => CamWildcard.IsMatch("x", "cam[1"));
        Assert.NotNull(CamWildcard.Validate("cam[1"));
        Assert.Null(CamWildcard.Validate("cam[1]"));
    }

    [Fact]
    public void ContainsWildcard_IgnoresEscapes()
    {
        Assert.True(CamWildcard.ContainsWildcard("cam*"));
        Assert.True(CamWildcard.ContainsWildcard("cam[12]"));
        Assert.False(CamWildcard.ContainsWildcard("cam`*"));
        Assert.False(CamWildcard.ContainsWildcard("cam1"));
        Assert.False(CamWildcard.ContainsWildcard(null));
    }
}
