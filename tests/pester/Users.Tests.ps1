#Requires -Modules Pester
# Add-/Set-/Remove-CamUser -WhatIf as users load the module: fresh pwsh, built module, emulator as a child process.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:adminCred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:ops = New-TestCredential -UserName 'ops' -Password 'fake-pw-7'
    $script:guestNew = New-TestCredential -UserName 'guest' -Password 'fake-pw-8'
    $users = @('--user', 'admin:fake-Adm1n:2', '--user', 'oper:fake-0per:1', '--user', 'guest:fake-Gue5t:0')
    $script:emu = Start-TestEmulator -Count 1 -Arguments $users
    $script:a = @($emu.Cameras | ForEach-Object Address)

    # What -WhatIf writes to the host, through a transcript.
    function script:Get-Shown([scriptblock] $Script) {
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "foscamps-users-whatif-$PID.txt"
        Start-Transcript -Path $transcript -Force | Out-Null
        try { & $Script } finally { Stop-Transcript | Out-Null }
        $shown = Get-Content -Raw $transcript
        Remove-Item $transcript
        $shown
    }
}

AfterAll {
    Get-CamSession | Disconnect-Cam
    Stop-TestEmulator $script:emu
}

Describe 'Add-/Set-/Remove-CamUser -WhatIf' {
    It 'reads the camera and shows the planned slot change, passwords masked, and changes nothing' {
        $before = @(Get-CamUser -Camera $a[0] -Credential $adminCred | ForEach-Object { "$($_.Slot) $($_.UserName) $($_.Privilege)" })
        $shown = Get-Shown {
            Add-CamUser -Camera $a[0] -Credential $adminCred -Account $ops -Privilege Operator -WhatIf
            Set-CamUser -Camera $a[0] -Credential $adminCred -Account $guestNew -Privilege Operator -WhatIf
            Remove-CamUser -Camera $a[0] -Credential $adminCred -UserName oper -WhatIf
        }
        $shown | Should -Match ([regex]::Escape("slot 4: (free) -> 'ops' (Operator, password set)"))
        $shown | Should -Match ([regex]::Escape("slot 3 'guest': privilege Visitor -> Operator, password ******** -> ********"))
        $shown | Should -Match ([regex]::Escape("slot 2: 'oper' (Operator, password set) -> (free)"))
        $shown | Should -Not -Match 'fake-'
        @(Get-CamUser -Camera $a[0] -Credential $adminCred | ForEach-Object { "$($_.Slot) $($_.UserName) $($_.Privilege)" }) | Should -Be $before
    }

    It 'shows the refusal the real run would hit' {
        $shown = Get-Shown { Remove-CamUser -Camera $a[0] -Credential $adminCred -UserName admin -WhatIf }
        $shown | Should -Match ([regex]::Escape("would be refused: last administrator ('admin'"))
        { Remove-CamUser -Camera $a[0] -Credential $adminCred -UserName admin -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'LastAdministrator,FoscamPS.Commands.RemoveCamUserCommand'
    }
}
