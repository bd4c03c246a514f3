#Requires -Modules Pester
# Rough edges a new user hits, as users load the module: the registry's CSV round trip, the camera id recorded on
# the first contact of any cmdlet, and a password typed into a -Camera URI never reaching a record or a transcript.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-citizen-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory $work
    $env:FOSCAMPS_CONFIG_DIR = Join-Path $work 'config'
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:cred = New-TestCredential -UserName admin -Password 'fake-Adm1n'
    $script:emu = Start-TestEmulator -Count 3 -Arguments @('--user', 'admin:fake-Adm1n:2')
    # A second emulator: its cameras answer with other ids (impostors at a known address).
    $script:other = Start-TestEmulator -Count 1 -Arguments @('--user', 'admin:fake-Adm1n:2')
}

AfterAll {
    Disconnect-Cam -All
    Stop-TestEmulator $script:emu
    Stop-TestEmulator $script:other
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR
}

Describe 'Get-CamRegistration | Export-Csv; Import-Csv | Register-Cam' {
    BeforeAll {
        Get-CamRegistration | Unregister-Cam -Confirm:$false
    }

    It 'round-trips names, addresses, tags, descriptions and camera ids' {
        Register-Cam -Name lobby-1 -Address $emu.Cameras[0].Address -Credential $cred -Tag lobby, 'floor 1' -Description 'Main door' | Out-Null
        Register-Cam -Name lobby-2 -Address $emu.Cameras[1].Address -Credential $cred -Tag lobby -ExpectedCameraId $emu.Cameras[1].Id | Out-Null
        Register-Cam -Name v6-cam -Address '[::1]:8181' | Out-Null
        $before = Get-CamRegistration | Sort-Object Name
        $csv = Join-Path $work 'r.csv'
        Get-CamRegistration | Export-Csv $csv
        (Get-Content -Raw $csv) | Should -Match '"lobby,floor 1"'
        Get-CamRegistration | Unregister-Cam -Confirm:$false
        $imported = Import-Csv $csv | Register-Cam -ErrorVariable ev
        $ev.Count | Should -Be 0
        $imported.Count | Should -Be 3
        $after = Get-CamRegistration | Sort-Object Name
        foreach ($i in 0..2) {
            $after[$i].Name | Should -Be $before[$i].Name
            $after[$i].Address | Should -Be $before[$i].Address
            @($after[$i].Tags) | Should -Be @($before[$i].Tags)
            $after[$i].Description | Should -Be $before[$i].Description
            $after[$i].ExpectedCameraId | Should -Be $before[$i].ExpectedCameraId
        }
    }

    It 'ignores empty columns, honours a Port column, and reports a bad row once naming row and column' {
        $csv = Join-Path $work 'hand.csv'
        @(
            'Name,Address,Port,Tags,Description,ExpectedCameraId'
            'dock-1,127.0.0.1,' + $emu.Cameras[2].Uri.Port + ',"dock,north",,'
            'dock-2,192.0.2.52,99999,dock,,'
            'dock-3,192.0.2.53,,,Spare,'
            'dock 4,192.0.2.54,,,,'
            'dock-5,192.0.2.55,,,,not-an-id'
            'dock-6,::1,8080,,,'
        ) | Set-Content $csv
        $ok = Import-Csv $csv | Register-Cam -Credential $cred -ErrorVariable ev -ErrorAction SilentlyContinue
        @($ok.Name) | Should -Be @('dock-1', 'dock-3', 'dock-6')
        $ev.Count | Should -Be 3
        "$($ev[0])" | Should -BeLike 'Row 2, column Port:*'
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPort,*'
        "$($ev[1])" | Should -BeLike 'Row 4, column Name:*'
        "$($ev[2])" | Should -BeLike 'Row 5, column ExpectedCameraId:*'
        (Get-CamRegistration dock-1).Address | Should -Be $emu.Cameras[2].Address
        @((Get-CamRegistration dock-1).Tags) | Should -Be @('dock', 'north')
        (Get-CamRegistration dock-3).Tags.Count | Should -Be 0
        (Get-CamRegistration dock-3).ExpectedCameraId | Should -BeNullOrEmpty
        (Get-CamRegistration dock-6).Address | Should -Be '[::1]:8080'
        (Get-CamStatus -Camera dock-1).CameraId | Should -Be $emu.Cameras[2].Id
    }

    It 'keeps a direct call terminating, as for any bad argument' {
        { Register-Cam -Name 'bad name' -Address 192.0.2.9 } | Should -Throw -ErrorId 'InvalidName,FoscamPS.Commands.RegisterCamCommand'
    }
}

Describe 'The first contact of any cmdlet records the camera id' {
    BeforeAll {
        Get-CamRegistration | Unregister-Cam -Confirm:$false
        Disconnect-Cam -All
    }

    It '<Command> records it, and a different camera at that address is refused afterwards' -ForEach @(
        @{ Command = 'Get-CamStatus'; Run = { param($n) Get-CamStatus -Camera $n } }
        @{ Command = 'Save-CamSnapshot'; Run = { param($n) Save-CamSnapshot -Camera $n -Path (Join-Path $work "snap-$n") } }
        @{ Command = 'Get-CamParam'; Run = { param($n) Get-CamParam -Camera $n -Group Device } }
        @{ Command = 'Set-CamAlias'; Run = { param($n) Set-CamAlias -Camera $n -Alias 'Renamed' -Confirm:$false } }
    ) {
        $name = "first-$($Command.ToLowerInvariant())"
        Register-Cam -Name $name -Address $emu.Cameras[0].Address -Credential $cred | Out-Null
        (Get-CamRegistration $name).ExpectedCameraId | Should -BeNullOrEmpty
        $null = & $Run $name
        (Get-CamRegistration $name).ExpectedCameraId | Should -Be $emu.Cameras[0].Id
        # The address now answers as another camera (same registration, same expected id): refused before the credential is sent.
        Set-CamRegistration -Name $name -Address $other.Cameras[0].Address -ExpectedCameraId $emu.Cameras[0].Id -Confirm:$false
        $r = Get-CamStatus -Camera $name -ErrorVariable ev -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'CameraIdentityMismatch*'
    }
}

Describe 'A password inside a -Camera URI' {
    BeforeAll {
        $script:canary = 'fake-Cn4ry-' + (Get-Random -Minimum 100 -Maximum 999)
    }

    It 'is CredentialInCameraAddress (InvalidArgument) and reaches no record, stream or transcript' {
        $transcript = Join-Path $work 'transcript.txt'
        $address = $emu.Cameras[0].Address
        # The suite runner sets $ErrorActionPreference = 'Stop'; the errors under test are the non-terminating ones.
        $ErrorActionPreference = 'Continue'
        $Error.Clear()
        Start-Transcript -Path $transcript -UseMinimalHeader | Out-Null
        try {
            $uri = 'http://admin:' + $canary + '@' + $address + '/'
            $all = & {
                Get-CamStatus -Camera $uri -Verbose -ErrorAction Continue
                Connect-Cam -Uri $uri -Verbose -ErrorAction Continue
                [pscustomobject]@{ Name = 'csv-row'; Address = $uri } | Get-CamStatus -Verbose -ErrorAction Continue
                try { Register-Cam -Name leaky -Address $uri } catch { $_ }
                $Error | Format-List * -Force
                $Error | ForEach-Object { $_.CategoryInfo | Format-List *; $_.TargetObject | Format-List * -Force; $_.Exception | Format-List * -Force }
            } *>&1 | Out-String -Width 400
        }
        finally {
            Stop-Transcript | Out-Null
        }
        $Error.Count | Should -Be 4
        @($Error | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' } | Sort-Object -Unique) | Should -Be @('CredentialInCameraAddress')
        @($Error | ForEach-Object { $_.CategoryInfo.Category } | Sort-Object -Unique) | Should -Be @('InvalidArgument')
        $all | Should -Match 'CredentialInCameraAddress'
        $all | Should -Not -Match ([regex]::Escape($canary))
        Get-Content -Raw $transcript | Should -Not -Match ([regex]::Escape($canary))
        Get-CamRegistration leaky -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $Error.Clear()
    }
}

Describe 'A command later in the pipeline that has all it wants' {
    BeforeAll {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $script:silentControl = $l.LocalEndpoint.Port; $l.Stop()
        # Camera 0 answers; the 20 others take the request and never answer (they hold it until the client lets go).
        $faults = foreach ($i in 1..20) { '--fault'; "$($i):AcceptThenSilence" }
        $script:silent = Start-TestEmulator -Count 21 -Arguments (@('--user', 'admin:fake-Adm1n:2', '--control-port', "$silentControl") + $faults)
    }
    AfterAll {
        Stop-TestEmulator $script:silent
    }

    It 'ends the run: Select-Object -First 1 leaves no request to the other cameras running' {
        $addresses = @($silent.Cameras | ForEach-Object Address)
        $first = Get-CamStatus -Camera $addresses -Credential $cred -TimeoutSec 600 | Select-Object -First 1
        $first.CameraId | Should -Be $silent.Cameras[0].Id
        $stats = Invoke-RestMethod "http://127.0.0.1:$silentControl/stats"
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ($stats.inFlight -gt 0 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 100
            $stats = Invoke-RestMethod "http://127.0.0.1:$silentControl/stats"
        }
        # the silent cameras had been asked (their requests went out before the answer came back) ...
        @($stats.cameras | Where-Object requests -gt 0).Count | Should -BeGreaterThan 1
        # ... and none of them is still held open by the run that Select-Object ended
        $stats.inFlight | Should -Be 0
    }
}
