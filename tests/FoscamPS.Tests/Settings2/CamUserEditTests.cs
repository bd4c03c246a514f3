using System.Collections.Generic;
using System.Linq;
using FoscamPS.Model;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>The slot rules under Add-/Set-/Remove-CamUser, without a camera.</summary>
    public sealed class CamUserEditTests
    {
        private static List<CamUserSlot> Slots(params (string Name, CamPrivilege Pri)[] used)
        {
            var list = used.Select(u => new CamUserSlot(u.Name, "fake-pw-1", u.Pri)).ToList();
            while (list.Count < CamUserEdits.SlotCount) list.Add(new CamUserSlot("", "", CamPrivilege.Visitor));
            return list;
        }

        [Fact]
        public void Add_TakesTheFirstFreeSlot_AndRefusesDuplicatesAndAFullCamera()
        {
            var s = Slots(("admin", CamPrivilege.Administrator));
            s[1] = new CamUserSlot("", "", CamPrivilege.Visitor);
            s[2] = new CamUserSlot("keep", "fake-pw-2", CamPrivilege.Operator);
            Assert.Equal(CamUserEditError.None, CamUserEdits.Add(s, "bob", "fake-pw-3", CamPrivilege.Operator));
            Assert.Equal("bob", s[1].Name);
            Assert.Equal("keep", s[2].Name);
            Assert.Equal(CamUserEditError.UserExists, CamUserEdits.Add(s, "bob", "x", CamPrivilege.Visitor));
            for (var i = 0; i < 5; i++) Assert.Equal(CamUserEditError.None, CamUserEdits.Add(s, "u" + i, "", CamPrivilege.Visitor));
            Assert.Equal(CamUserEditError.NoFreeUserSlot, CamUserEdits.Add(s, "one-more", "", CamPrivilege.Visitor));
            Assert.Equal(8, s.Count(x => x.IsUsed));
        }

        [Fact]
        public void Remove_RefusesTheLastAdministratorAndTheOwnAccount_UnlessForced()
        {
            var s = Slots(("admin", CamPrivilege.Administrator), ("ops", CamPrivilege.Operator));
            Assert.Equal(CamUserEditError.LastAdministrator, CamUserEdits.Remove(s, "admin", self: "ops", force: false));
            Assert.Equal(CamUserEditError.OwnAccount, CamUserEdits.Remove(s, "ops", self: "ops", force: false));
            Assert.Equal(CamUserEditError.UserNotFound, CamUserEdits.Remove(s, "nobody", self: "admin", force: false));
            Assert.Equal(CamUserEditError.None, CamUserEdits.Remove(s, "ops", self: "admin", force: false));
            Assert.False(s[1].IsUsed);
            Assert.Equal(CamUserEditError.None, CamUserEdits.Remove(s, "admin", self: "admin", force: true));
            Assert.DoesNotContain(s, x => x.IsUsed);
        }

        [Fact]
        public void Set_RefusesDemotingTheLastAdministratorOrItself_ButAllowsPasswordChanges()
        {
            var s = Slots(("admin", CamPrivilege.Administrator), ("root", CamPrivilege.Administrator));
            Assert.Equal(CamUserEditError.OwnAccount, CamUserEdits.Set(s, "admin", null, CamPrivilege.Operator, self: "admin", force: false));
            Assert.Equal(CamUserEditError.None, CamUserEdits.Set(s, "root", null, CamPrivilege.Visitor, self: "admin", force: false));
            Assert.Equal(CamUserEditError.LastAdministrator, CamUserEdits.Set(s, "admin", null, CamPrivilege.Operator, self: "root", force: false));
            Assert.Equal(CamUserEditError.None, CamUserEdits.Set(s, "admin", "fake-pw-9", null, self: "admin", force: false));
            Assert.Equal("fake-pw-9", s[0].Password);
            Assert.Equal(CamPrivilege.Administrator, s[0].Privilege);
            Assert.Equal(CamUserEditError.None, CamUserEdits.Set(s, "root", null, CamPrivilege.Administrator, self: "admin", force: false));
            Assert.Equal(CamUserEditError.UserNotFound, CamUserEdits.Set(s, "ghost", null, null, self: null, force: true));
        }

        [Fact]
        public void Names_AreCaseSensitive()
        {
            var s = Slots(("Admin", CamPrivilege.Administrator));
            Assert.Equal(-1, CamUserEdits.Find(s, "admin"));
            Assert.Equal(CamUserEditError.None, CamUserEdits.Add(s, "admin", "", CamPrivilege.Visitor));
        }
    }
}
