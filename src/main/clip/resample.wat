;; PIL's 8-bit two-pass resample (ImagingResampleHorizontal_8bpc / ImagingResampleVertical_8bpc)
;; in WebAssembly SIMD, for the exact CLIP preprocessing (issue 16): the same fixed-point sums and
;; the same clip to 8 bits between the passes, so the output is bit-identical to preprocess.ts' JS
;; loops and to PIL. One pixel's three channels ride in the first three lanes of an i32x4: a tap is
;; one 4-byte load, two widenings, a multiply and an add, where the JS loop did three of each plus
;; bounds checks. Build: `npm run build:wasm` writes resample-wasm.ts (the bytes, base64) from this
;; file; a test checks the two agree.
;;
;; Memory is laid out by the caller (resample-wasm-run.ts); every table holds i32:
;;   hpass: bounds [crop x (first input column, taps)], weights [crop x ksize]; rows yFirst..+rows
;;   vpass: bounds [crop x (first temp row, taps)],   weights [crop x ksize]
;; A tap is written out in each loop, not called: V8 does not inline WebAssembly calls, and a call
;; per tap cost more than the tap. The stored value is PIL's clip8 on each lane ((sum >> 22) clamped
;; to 0..255) narrowed to bytes; lanes 0-2 are RGB.
;; Pixels are HWC u8. A store writes 4 bytes (the 4th is the next pixel's first, rewritten next),
;; so every output buffer has one byte of slack; loads read one byte past a pixel likewise.
(module
  (memory (export "memory") 1)

  ;; horizontal pass: rows yFirst..yFirst+rows of src (width srcW) -> temp (rows x crop, HWC)
  (func (export "hpass")
    (param $src i32) (param $srcW i32) (param $yFirst i32) (param $rows i32) (param $crop i32)
    (param $bounds i32) (param $weights i32) (param $ksize i32) (param $temp i32)
    (local $ty i32) (local $cx i32) (local $x i32) (local $n i32)
    (local $row i32) (local $p i32) (local $kp i32) (local $out i32) (local $acc v128)
    (local.set $out (local.get $temp))
    (local.set $ty (i32.const 0))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $ty) (local.get $rows)))
        (local.set $row
          (i32.add (local.get $src)
            (i32.mul (i32.add (local.get $yFirst) (local.get $ty)) (i32.mul (local.get $srcW) (i32.const 3)))))
        (local.set $cx (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $cx) (local.get $crop)))
            (local.set $p
              (i32.add (local.get $row)
                (i32.mul (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $cx) (i32.const 3))))
                  (i32.const 3))))
            (local.set $n (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $cx) (i32.const 3)))))
            (local.set $kp
              (i32.add (local.get $weights) (i32.shl (i32.mul (local.get $cx) (local.get $ksize)) (i32.const 2))))
            (local.set $acc (v128.const i32x4 0x200000 0x200000 0x200000 0x200000))
            (local.set $x (i32.const 0))
            (block $tapsDone
              (loop $tapLoop
                (br_if $tapsDone (i32.ge_u (local.get $x) (local.get $n)))
                (local.set $acc
                  (i32x4.add (local.get $acc)
                    (i32x4.mul
                      (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero align=1 (local.get $p))))
                      (i32x4.splat (i32.load (local.get $kp))))))
                (local.set $p (i32.add (local.get $p) (i32.const 3)))
                (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $tapLoop)))
            (i32.store align=1 (local.get $out) (i32x4.extract_lane 0
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s
                  (i32x4.min_s
                    (i32x4.max_s (i32x4.shr_s (local.get $acc) (i32.const 22)) (v128.const i32x4 0 0 0 0))
                    (v128.const i32x4 255 255 255 255))
                  (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 0 0 0 0))))
            (local.set $out (i32.add (local.get $out) (i32.const 3)))
            (local.set $cx (i32.add (local.get $cx) (i32.const 1)))
            (br $colLoop)))
        (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
        (br $rowLoop))))

  ;; vertical pass: temp (HWC, crop wide) -> dst (crop x crop, HWC)
  (func (export "vpass")
    (param $temp i32) (param $crop i32) (param $bounds i32) (param $weights i32) (param $ksize i32)
    (param $dst i32)
    (local $cy i32) (local $cx i32) (local $y i32) (local $n i32) (local $stride i32)
    (local $base i32) (local $kbase i32) (local $p i32) (local $kp i32) (local $out i32) (local $acc v128)
    (local.set $stride (i32.mul (local.get $crop) (i32.const 3)))
    (local.set $out (local.get $dst))
    (local.set $cy (i32.const 0))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $cy) (local.get $crop)))
        (local.set $base
          (i32.add (local.get $temp)
            (i32.mul (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $cy) (i32.const 3))))
              (local.get $stride))))
        (local.set $n (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $cy) (i32.const 3)))))
        (local.set $kbase
          (i32.add (local.get $weights) (i32.shl (i32.mul (local.get $cy) (local.get $ksize)) (i32.const 2))))
        (local.set $cx (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $cx) (local.get $crop)))
            (local.set $p (i32.add (local.get $base) (i32.mul (local.get $cx) (i32.const 3))))
            (local.set $kp (local.get $kbase))
            (local.set $acc (v128.const i32x4 0x200000 0x200000 0x200000 0x200000))
            (local.set $y (i32.const 0))
            (block $tapsDone
              (loop $tapLoop
                (br_if $tapsDone (i32.ge_u (local.get $y) (local.get $n)))
                (local.set $acc
                  (i32x4.add (local.get $acc)
                    (i32x4.mul
                      (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero align=1 (local.get $p))))
                      (i32x4.splat (i32.load (local.get $kp))))))
                (local.set $p (i32.add (local.get $p) (local.get $stride)))
                (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $tapLoop)))
            (i32.store align=1 (local.get $out) (i32x4.extract_lane 0
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s
                  (i32x4.min_s
                    (i32x4.max_s (i32x4.shr_s (local.get $acc) (i32.const 22)) (v128.const i32x4 0 0 0 0))
                    (v128.const i32x4 255 255 255 255))
                  (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 0 0 0 0))))
            (local.set $out (i32.add (local.get $out) (i32.const 3)))
            (local.set $cx (i32.add (local.get $cx) (i32.const 1)))
            (br $colLoop)))
        (local.set $cy (i32.add (local.get $cy) (i32.const 1)))
        (br $rowLoop))))
)
