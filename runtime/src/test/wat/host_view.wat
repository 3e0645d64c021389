;; Writes what it can see of the host on stdout: the realtime and monotonic clocks (8 bytes each), 16 random
;; bytes, and the results of environ_sizes_get (count, size) and fd_prestat_get(3) (errno), 4 bytes each.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  (func (export "_start")
    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 100)))
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 108)))
    (drop (call $random (i32.const 116) (i32.const 16)))
    (drop (call $env (i32.const 132) (i32.const 136)))
    (i32.store (i32.const 140) (call $prestat (i32.const 3) (i32.const 200)))
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 44))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
