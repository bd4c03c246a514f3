#Requires -Modules Pester
# Find-Cam (LAN search, UDP MO_I) as users load the module: unicast to the emulator on 127.0.0.1, and the default
# broadcast inside a user + network namespace this test makes itself (only its own loopback exists there).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:configDir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-disc-" + [guid]::NewGuid())
    $env:FOSCAMPS_CONFIG_DIR = $configDir
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:adminCred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:emu = Start-TestEmulator -Count 3 -Arguments @('--user', 'admin:fake-Adm1n:2', '--discovery-port', '0')
}

AfterAll {
    Disconnect-Cam -All
    Stop-TestEmulator $script:emu
    Remove-Item $configDir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR
}

Describe 'Find-Cam (unicast to the emulator on 127.0.0.1)' {
    It 'finds every camera once, with its address, port and id' {
        $emu.Discovery.Address | Should -Be '127.0.0.1'
        $found = @(Find-Cam -Address 127.0.0.1 -Port $emu.Discovery.Port -TimeoutSec 2)
        $found.Count | Should -Be 3
        ($found.CameraId | Sort-Object) | Should -Be ($emu.Cameras.Id | Sort-Object)
        foreach ($f in $found) {
            $f | Should -BeOfType 'FoscamPS.Model.CamDiscoveryResult'
            $cam = $emu.Cameras | Where-Object Id -EQ $f.CameraId
            "$($f.Address):$($f.Port)" | Should -Be $cam.Address
        }
    }

    It 'shows a table that fits 80 columns, name first' {
        $text = Find-Cam -Address 127.0.0.1 -Port $emu.Discovery.Port -TimeoutSec 3 | Format-Table | Out-String -Width 80
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Name\s+Address\s+Port\s+CameraId'
        $lines.Count | Should -Be 5
        foreach ($l in $lines) { $l.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }

    It 'pipes into Register-Cam (name, address, port, camera id pinned) and the registrations connect' {
        $regs = @(Find-Cam -Address 127.0.0.1 -Port $emu.Discovery.Port -TimeoutSec 3 | Register-Cam -Credential $adminCred)
        $regs.Count | Should -Be 3
        foreach ($r in $regs) {
            $cam = $emu.Cameras | Where-Object { $_.Id -eq $r.ExpectedCameraId }
            $cam | Should -Not -BeNullOrEmpty -Because 'the camera id comes from the search answer'
            $r.Address | Should -Match ([regex]::Escape($cam.Address.Split(':')[1]) + '$')
        }
        $sessions = @(Connect-Cam -Name $regs.Name)
        $sessions.Count | Should -Be 3
        ($sessions.CameraId | Sort-Object) | Should -Be ($emu.Cameras.Id | Sort-Object)
        Disconnect-Cam -All
    }

    It 'pipes into Connect-Cam' {
        $sessions = @(Find-Cam -Address 127.0.0.1 -Port $emu.Discovery.Port -TimeoutSec 3 | Connect-Cam -Credential $adminCred)
        $sessions.Count | Should -Be 3
        ($sessions.CameraId | Sort-Object) | Should -Be ($emu.Cameras.Id | Sort-Object)
        Disconnect-Cam -All
    }

    It 'writes a verbose summary and nothing else on its other streams' {
        $out = Find-Cam -Address 127.0.0.1 -Port $emu.Discovery.Port -TimeoutSec 3 -Verbose 4>&1 3>&1 2>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose[-1].Message | Should -Match '^Search ended: 3 camera\(s\)'
        @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -or $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 0
    }
}

Describe 'Find-Cam broadcast inside a private network namespace' {
    It 'finds the emulated cameras with the default broadcast to port 10000, and no real interface exists there' {
        $unshare = Get-Command unshare -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $unshare) { throw 'unshare (util-linux) is needed for the broadcast test.' }
        $inner = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-netns-" + [guid]::NewGuid() + '.ps1')
        $helpers = Join-Path $PSScriptRoot 'TestHelpers.psm1'
        Set-Content -Path $inner -Encoding utf8 -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$helpers'
Import-Module `$env:FOSCAMPS_TEST_MODULE
`$links = @(& ip -o link show | ForEach-Object { (`$_ -split ':\s*')[1] })
if (`$links.Count -ne 1 -or `$links[0] -ne 'lo') { throw "not a private namespace: `$(`$links -join ',')" }
`$emu = Start-TestEmulator -Count 3 -Arguments @('--bind', '0.0.0.0', '--discovery-port', '10000')
try {
    `$found = @(Find-Cam -TimeoutSec 2)
    [pscustomobject]@{ Links = `$links; Discovery = "`$(`$emu.Discovery.Address):`$(`$emu.Discovery.Port)"; Ids = @(`$emu.Cameras.Id); Found = @(`$found | Select-Object CameraId, Address, Port) } | ConvertTo-Json -Depth 4 -Compress
}
finally { Stop-TestEmulator `$emu }
"@
        try {
            $pwsh = Join-Path $PSHOME 'pwsh.dll'
            # lo up and a route for the limited broadcast: the namespace has no other interface, nothing can leave it.
            $json = & $unshare.Source --user --map-root-user --net sh -c 'ip link set lo up && ip route add 255.255.255.255/32 dev lo && exec dotnet "$0" -NoProfile -NonInteractive -File "$1"' $pwsh $inner 2>&1
            $line = @($json | Where-Object { "$_".StartsWith('{') }) | Select-Object -Last 1
            $line | Should -Not -BeNullOrEmpty -Because "the namespace run printed: $($json -join "`n")"
            $r = $line | ConvertFrom-Json
            @($r.Links) | Should -Be @('lo')
            $r.Discovery | Should -Be '0.0.0.0:10000'
            @($r.Found).Count | Should -Be 3
            (@($r.Found.CameraId) | Sort-Object) | Should -Be (@($r.Ids) | Sort-Object)
        }
        finally { Remove-Item $inner -ErrorAction SilentlyContinue }
    }
}
