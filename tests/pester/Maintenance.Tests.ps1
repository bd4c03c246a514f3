#Requires -Modules Pester
# Maintenance as users load it (fresh pwsh, built module, emulator child process with a short reboot window): backups by
# registered name, the Backup-CamConfig help example run as written, restore checks, packages refused before upload,
# canary rollouts, Wait-Cam on a camera that stays down, Restart-Cam -Wait, Set-CamMac and the registry.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:configDir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-maint-" + [guid]::NewGuid())
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-maint-files-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory -Path $work
    $env:FOSCAMPS_CONFIG_DIR = $configDir
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $script:controlPort = $l.LocalEndpoint.Port; $l.Stop()
    $script:emu = Start-TestEmulator -Count 5 -Arguments @('--user', 'admin:fake-Adm1n:2', '--reboot-ms', '800', '--control-port', "$controlPort")
    $script:cred = New-TestCredential -UserName admin -Password 'fake-Adm1n'
    for ($i = 0; $i -lt 5; $i++) { Register-Cam -Name "m-$i" -Address $emu.Cameras[$i].Address -Credential $cred -Tag maint | Out-Null }

    function script:Get-Requests([int] $Index) {
        (Invoke-RestMethod "http://127.0.0.1:$controlPort/stats").cameras[$Index].requests
    }
    function script:Set-Fault([int] $Index, [string] $Mode) {
        $null = Invoke-RestMethod -Method Post "http://127.0.0.1:$controlPort/fault?index=$Index&mode=$Mode"
    }
    function script:New-WebUiPackage([string] $Path, [byte[]] $Version) {
        # The cameras' layout: magic, byte-sum checksum of bytes 12.., total size, version, then entries.
        $body = [System.Collections.Generic.List[byte]]::new()
        foreach ($e in @(@{ Name = 'index.htm'; Data = [Text.Encoding]::ASCII.GetBytes('<html>cam</html>') })) {
            $name = [Text.Encoding]::ASCII.GetBytes($e.Name)
            $body.AddRange([BitConverter]::GetBytes([uint32] $name.Length)); $body.AddRange($name); $body.Add(1)
            $body.AddRange([BitConverter]::GetBytes([uint32] $e.Data.Length)); $body.AddRange($e.Data)
        }
        $bytes = [byte[]]::new(16 + $body.Count)
        [byte[]] @(0xBD, 0x9A, 0x0C, 0x44) | ForEach-Object -Begin { $k = 0 } -Process { $bytes[$k++] = $_ }
        [BitConverter]::GetBytes([uint32] $bytes.Length).CopyTo($bytes, 8)
        $Version.CopyTo($bytes, 12)
        $body.ToArray().CopyTo($bytes, 16)
        [uint32] $sum = 0; for ($k = 12; $k -lt $bytes.Length; $k++) { $sum = [uint32](($sum + $bytes[$k]) % 4294967296) }
        [BitConverter]::GetBytes($sum).CopyTo($bytes, 4)
        [IO.File]::WriteAllBytes($Path, $bytes)
        $Path
    }
}

AfterAll {
    Disconnect-Cam -All
    Stop-TestEmulator $script:emu
    Remove-Item -Recurse -Force $configDir, $work -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR -ErrorAction SilentlyContinue
}

Describe 'Backup-CamConfig' {
    It 'fills the camera id and firmware version for a registered name, and writes a manifest' {
        $b = Backup-CamConfig -Camera m-0 -Path (Join-Path $work 'byname')
        $b.CameraId | Should -Be $emu.Cameras[0].Id
        $b.SystemVersion | Should -Be ([version] '11.37.2.49')
        "$($b.Path).xml" | Should -Exist
        ([xml] (Get-Content -Raw "$($b.Path).xml")).FoscamPSBackup.Sha256 | Should -Be $b.Sha256
    }

    It 'runs its second help example as written' {
        $example = @((Get-Help Backup-CamConfig -Examples).examples.example)[1]
        $code = "$($example.code)"
        $code | Should -Match 'manifest\.csv'
        $env:BACKUP_ROOT = Join-Path $work 'nightly'
        try {
            $errors = $null
            & ([scriptblock]::Create($code)) -ErrorVariable errors -ErrorAction SilentlyContinue 2>$null
            $folder = Join-Path $env:BACKUP_ROOT (Get-Date -Format yyyy-MM-dd)
            $rows = @(Import-Csv (Join-Path $folder 'manifest.csv'))
            $rows.Count | Should -Be 5
            foreach ($r in $rows) {
                $r.CameraId | Should -Match '^[0-9A-F]{12}$'
                $r.SystemVersion | Should -Not -BeNullOrEmpty
                $r.Path | Should -Exist
                (Get-FileHash $r.Path -Algorithm SHA256).Hash | Should -Be $r.Sha256
            }
            @($rows.Camera | Sort-Object) | Should -Be @('m-0', 'm-1', 'm-2', 'm-3', 'm-4')
        }
        finally { Remove-Item Env:BACKUP_ROOT }
    }
}

Describe 'Restore-CamConfig' {
    It 'restores a piped backup to its camera and verifies it' {
        $b = Backup-CamConfig -Camera m-1 -Path (Join-Path $work 'restore')
        $r = $b | Restore-CamConfig -WaitTimeoutSec 30 -Confirm:$false
        $r | Should -BeOfType 'FoscamPS.Model.CamConfigUploadResult'
        $r.Verified | Should -BeTrue
        $r.CameraId | Should -Be $emu.Cameras[1].Id
        ($r | Format-Table | Out-String) | Should -Match 'm-1'
    }

    It "refuses another camera's backup without -Force, before any upload" {
        $b = Backup-CamConfig -Camera m-1 -Path (Join-Path $work 'foreign')
        $before = Get-Requests 2
        $r = Restore-CamConfig -Camera m-2 -Path $b.Path -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'CameraIdentityMismatch*'
        "$($ev[0])" | Should -Match 'clone'
        # only the identity/status reads reached the camera, no restore_params.cgi
        ((Get-Requests 2) - $before) | Should -BeLessOrEqual 2
        (Get-CamStatus -Camera m-2).Alias | Should -Not -Be (Get-CamStatus -Camera m-1).Alias
    }
}

Describe 'Update-CamWebUI' {
    It 'refuses a corrupted package before sending anything' {
        $pkg = New-WebUiPackage (Join-Path $work '2.4.10.5.bin') ([byte[]] @(2, 4, 10, 5))
        $bytes = [IO.File]::ReadAllBytes($pkg); $bytes[20] = $bytes[20] -bxor 0x10; [IO.File]::WriteAllBytes($pkg, $bytes)
        $before = Get-Requests 3
        { Update-CamWebUI -Camera m-3 -Path $pkg -Confirm:$false } | Should -Throw -ErrorId 'InvalidPackage,FoscamPS.Commands.UpdateCamWebUICommand'
        (Get-Requests 3) | Should -Be $before
    }

    It 'updates and reports old and new versions' {
        $pkg = New-WebUiPackage (Join-Path $work 'good-2.4.10.5.bin') ([byte[]] @(2, 4, 10, 5))
        $u = Update-CamWebUI -Camera m-3 -Path $pkg -WaitTimeoutSec 30 -Confirm:$false
        $u.OldVersion | Should -Be ([version] '2.0.10.4')
        $u.NewVersion | Should -Be ([version] '2.4.10.5')
        $u.Outcome | Should -Be 'Updated'
        { Update-CamWebUI -Camera m-3 -Path $pkg -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'AlreadyInstalled,FoscamPS.Commands.UpdateCamWebUICommand'
    }

    It 'stops a canary rollout when the canary fails, and leaves the others untouched' {
        $pkg = New-WebUiPackage (Join-Path $work 'canary-2.5.0.1.bin') ([byte[]] @(2, 5, 0, 1))
        Set-Fault 0 Refuse
        try {
            $before = @(1, 2 | ForEach-Object { Get-Requests $_ })
            $r = Update-CamWebUI -Camera m-0, m-1, m-2 -Path $pkg -Canary 1 -TimeoutSec 2 -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue -WarningVariable wv -WarningAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            @($ev | Where-Object { $_.FullyQualifiedErrorId -like 'RolloutStopped*' }).Count | Should -Be 2
            @($ev | Where-Object { $_.FullyQualifiedErrorId -like 'RolloutStopped*' } | ForEach-Object { "$($_.TargetObject)" }) | Should -Be @('m-1', 'm-2')
            "$wv" | Should -Match 'Rollout stopped'
            @(1, 2 | ForEach-Object { Get-Requests $_ }) | Should -Be $before
        }
        finally { Set-Fault 0 None }
    }
}

Describe 'Wait-Cam and Restart-Cam' {
    It 'Wait-Cam times out with one clear error naming a camera that stays down' {
        Set-Fault 4 Refuse
        try {
            $r = Wait-Cam -Camera m-4 -WaitTimeoutSec 2 -TimeoutSec 1 -ErrorVariable ev -ErrorAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $ev.Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -Be 'CameraDidNotComeBack,FoscamPS.Commands.WaitCamCommand'
            "$($ev[0])" | Should -Match 'm-4'
            "$($ev[0])" | Should -Match 'did not come back within 2 s'
        }
        finally { Set-Fault 4 None }
    }

    It 'Restart-Cam -Wait returns the camera once it is back' {
        $s = Restart-Cam -Camera m-4 -Wait -WaitTimeoutSec 30 -Confirm:$false
        $s.CameraId | Should -Be $emu.Cameras[4].Id
        (Get-Command Restart-Cam).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'Medium'
    }

    It 'Reset-Cam -WhatIf sends nothing' {
        $before = Get-Requests 4
        Reset-Cam -Camera m-4 -WhatIf
        (Get-Requests 4) | Should -Be $before
    }
}

Describe 'Set-CamMac' {
    It 'changes the MAC and the expected camera id of the registration' {
        $c = Set-CamMac -Camera m-4 -MacAddress '02:aa:bb:cc:dd:04' -Confirm:$false
        $c.NewMac | Should -Be '02AABBCCDD04'
        $c.RegistryUpdated | Should -BeTrue
        (Get-CamRegistration -Name m-4).ExpectedCameraId | Should -Be '02AABBCCDD04'
        (Get-CamStatus -Camera m-4).CameraId | Should -Be '02AABBCCDD04'
    }

    It 'sends nothing with -WhatIf (nor does Set-CamFactoryConfig)' {
        $b = Backup-CamConfig -Camera m-3 -Path (Join-Path $work 'whatif')
        $before = @(3, 4 | ForEach-Object { Get-Requests $_ })
        Set-CamMac -Camera m-4 -MacAddress '02:aa:bb:cc:dd:99' -WhatIf
        $b | Set-CamFactoryConfig -WhatIf
        @(3, 4 | ForEach-Object { Get-Requests $_ }) | Should -Be $before
        (Get-CamRegistration -Name m-4).ExpectedCameraId | Should -Be '02AABBCCDD04'
    }

    It 'rejects a broadcast address before any request' {
        $before = Get-Requests 4
        { Set-CamMac -Camera m-4 -MacAddress 'FF-FF-FF-FF-FF-FF' -Confirm:$false } | Should -Throw -ErrorId 'InvalidMacAddress,FoscamPS.Commands.SetCamMacCommand'
        (Get-Requests 4) | Should -Be $before
    }
}
