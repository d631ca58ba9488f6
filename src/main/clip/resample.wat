;; PIL's 8-bit two-pass resample (ImagingResampleHorizontal_8bpc / ImagingResampleVertical_8bpc)
;; in WebAssembly SIMD, for the exact CLIP preprocessing: the same fixed-point sums and
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
;; normalise: u8 HWC -> float32 CHW through three 256-entry float tables (the caller's per-channel
;; (v x rescale - mean) / std, so the values are the JS table's to the bit); three planes of
;; `pixels` floats each. Scalar: no gather in WebAssembly, and a table load beats recomputing.
;; Pixels are HWC u8. An hpass store writes 4 bytes (the 4th is the next pixel's first, rewritten
;; next) and a vpass store 16, so every buffer has 16 bytes of slack; loads read past a row likewise.
(module
  (memory (export "memory") 1)

  ;; horizontal pass: rows yFirst..yFirst+rows of src (width srcW) -> temp (rows x crop, HWC).
  ;; A column's taps are the same on every row, so four rows go together: one weight load and
  ;; splat per tap for four pixels. The rows left over (fewer than four) take the one-row loop.
  (func (export "hpass")
    (param $src i32) (param $srcW i32) (param $yFirst i32) (param $rows i32) (param $crop i32)
    (param $bounds i32) (param $weights i32) (param $ksize i32) (param $temp i32)
    (local $ty i32) (local $cx i32) (local $x i32) (local $n i32)
    (local $row i32) (local $p i32) (local $kp i32) (local $out i32) (local $acc v128)
    (local $srcStride i32) (local $dstStride i32) (local $w v128)
    (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $srcStride (i32.mul (local.get $srcW) (i32.const 3)))
    (local.set $dstStride (i32.mul (local.get $crop) (i32.const 3)))
    (local.set $ty (i32.const 0))
    (block $quadsDone
      (loop $quadLoop
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $ty) (i32.const 4)) (local.get $rows)))
        (local.set $row
          (i32.add (local.get $src) (i32.mul (i32.add (local.get $yFirst) (local.get $ty)) (local.get $srcStride))))
        (local.set $out (i32.add (local.get $temp) (i32.mul (local.get $ty) (local.get $dstStride))))
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
            (local.set $a1 (local.get $acc))
            (local.set $a2 (local.get $acc))
            (local.set $a3 (local.get $acc))
            (local.set $x (i32.const 0))
            (block $tapsDone
              (loop $tapLoop
                (br_if $tapsDone (i32.ge_u (local.get $x) (local.get $n)))
                (local.set $w (i32x4.splat (i32.load (local.get $kp))))
                (local.set $acc (i32x4.add (local.get $acc) (i32x4.mul (local.get $w)
                  (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero align=1 (local.get $p)))))))
                (local.set $a1 (i32x4.add (local.get $a1) (i32x4.mul (local.get $w)
                  (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                    (v128.load32_zero align=1 (i32.add (local.get $p) (local.get $srcStride))))))))
                (local.set $a2 (i32x4.add (local.get $a2) (i32x4.mul (local.get $w)
                  (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                    (v128.load32_zero align=1 (i32.add (local.get $p) (i32.shl (local.get $srcStride) (i32.const 1)))))))))
                (local.set $a3 (i32x4.add (local.get $a3) (i32x4.mul (local.get $w)
                  (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                    (v128.load32_zero align=1 (i32.add (local.get $p) (i32.mul (local.get $srcStride) (i32.const 3)))))))))
                (local.set $p (i32.add (local.get $p) (i32.const 3)))
                (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $tapLoop)))
            ;; clip8 per lane (>> 22, saturating narrowings clamp to 0..255); lanes 0-2 are RGB,
            ;; stored as exactly 3 bytes: a 4th would land on the next row's first pixel, written
            ;; earlier in this loop
            (local.set $acc (i8x16.narrow_i16x8_u
              (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $acc) (i32.const 22)) (i32x4.shr_s (local.get $a1) (i32.const 22)))
              (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $a2) (i32.const 22)) (i32x4.shr_s (local.get $a3) (i32.const 22)))))
            (v128.store16_lane align=1 0 (local.get $out) (local.get $acc))
            (v128.store8_lane offset=2 2 (local.get $out) (local.get $acc))
            (local.set $p (i32.add (local.get $out) (local.get $dstStride)))
            (v128.store16_lane align=1 2 (local.get $p) (local.get $acc))
            (v128.store8_lane offset=2 6 (local.get $p) (local.get $acc))
            (local.set $p (i32.add (local.get $p) (local.get $dstStride)))
            (v128.store16_lane align=1 4 (local.get $p) (local.get $acc))
            (v128.store8_lane offset=2 10 (local.get $p) (local.get $acc))
            (local.set $p (i32.add (local.get $p) (local.get $dstStride)))
            (v128.store16_lane align=1 6 (local.get $p) (local.get $acc))
            (v128.store8_lane offset=2 14 (local.get $p) (local.get $acc))
            (local.set $out (i32.add (local.get $out) (i32.const 3)))
            (local.set $cx (i32.add (local.get $cx) (i32.const 1)))
            (br $colLoop)))
        (local.set $ty (i32.add (local.get $ty) (i32.const 4)))
        (br $quadLoop)))
    ;; the last rows, one at a time
    (local.set $out (i32.add (local.get $temp) (i32.mul (local.get $ty) (local.get $dstStride))))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $ty) (local.get $rows)))
        (local.set $row
          (i32.add (local.get $src)
            (i32.mul (i32.add (local.get $yFirst) (local.get $ty)) (i32.mul (local.get $srcW) (i32.const 3)))))
        (local.set $cx (i32.const 0))
        (block $colsDone1
          (loop $colLoop1
            (br_if $colsDone1 (i32.ge_u (local.get $cx) (local.get $crop)))
            (local.set $p
              (i32.add (local.get $row)
                (i32.mul (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $cx) (i32.const 3))))
                  (i32.const 3))))
            (local.set $n (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $cx) (i32.const 3)))))
            (local.set $kp
              (i32.add (local.get $weights) (i32.shl (i32.mul (local.get $cx) (local.get $ksize)) (i32.const 2))))
            (local.set $acc (v128.const i32x4 0x200000 0x200000 0x200000 0x200000))
            (local.set $x (i32.const 0))
            (block $tapsDone1
              (loop $tapLoop1
                (br_if $tapsDone1 (i32.ge_u (local.get $x) (local.get $n)))
                (local.set $acc
                  (i32x4.add (local.get $acc)
                    (i32x4.mul
                      (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero align=1 (local.get $p))))
                      (i32x4.splat (i32.load (local.get $kp))))))
                (local.set $p (i32.add (local.get $p) (i32.const 3)))
                (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $tapLoop1)))
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
            (br $colLoop1)))
        (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
        (br $rowLoop))))

  ;; vertical pass: temp (HWC, crop wide) -> dst (crop x crop, HWC). A row's taps share one weight
  ;; per source row, so the pass runs across the row's bytes, 16 at a time (four i32x4 sums),
  ;; channels and pixels alike. The last chunk of a row runs into the next row's first bytes (and
  ;; the last row's into the buffer's slack): that row is written after, so nothing wrong stays.
  (func (export "vpass")
    (param $temp i32) (param $crop i32) (param $bounds i32) (param $weights i32) (param $ksize i32)
    (param $dst i32)
    (local $cy i32) (local $x i32) (local $y i32) (local $n i32) (local $stride i32)
    (local $base i32) (local $kbase i32) (local $p i32) (local $kp i32) (local $out i32)
    (local $w v128) (local $px v128) (local $lo v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $stride (i32.mul (local.get $crop) (i32.const 3)))
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
        (local.set $out (i32.add (local.get $dst) (i32.mul (local.get $cy) (local.get $stride))))
        (local.set $x (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $x) (local.get $stride)))
            (local.set $p (i32.add (local.get $base) (local.get $x)))
            (local.set $kp (local.get $kbase))
            (local.set $a0 (v128.const i32x4 0x200000 0x200000 0x200000 0x200000))
            (local.set $a1 (local.get $a0))
            (local.set $a2 (local.get $a0))
            (local.set $a3 (local.get $a0))
            (local.set $y (i32.const 0))
            (block $tapsDone
              (loop $tapLoop
                (br_if $tapsDone (i32.ge_u (local.get $y) (local.get $n)))
                (local.set $w (i32x4.splat (i32.load (local.get $kp))))
                (local.set $px (v128.load align=1 (local.get $p)))
                (local.set $lo (i16x8.extend_low_i8x16_u (local.get $px)))
                (local.set $hi (i16x8.extend_high_i8x16_u (local.get $px)))
                (local.set $a0 (i32x4.add (local.get $a0) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $lo)) (local.get $w))))
                (local.set $a1 (i32x4.add (local.get $a1) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $lo)) (local.get $w))))
                (local.set $a2 (i32x4.add (local.get $a2) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $hi)) (local.get $w))))
                (local.set $a3 (i32x4.add (local.get $a3) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $hi)) (local.get $w))))
                (local.set $p (i32.add (local.get $p) (local.get $stride)))
                (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $tapLoop)))
            ;; clip8 on every lane: >> 22, then the saturating narrowings clamp to 0..255
            (v128.store align=1 (i32.add (local.get $out) (local.get $x))
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $a0) (i32.const 22)) (i32x4.shr_s (local.get $a1) (i32.const 22)))
                (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $a2) (i32.const 22)) (i32x4.shr_s (local.get $a3) (i32.const 22)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $colLoop)))
        (local.set $cy (i32.add (local.get $cy) (i32.const 1)))
        (br $rowLoop))))

  ;; src (pixels x RGB u8) -> dst (3 planes of pixels f32) through lut (3 x 256 f32, 1 KB apart)
  (func (export "normalise")
    (param $src i32) (param $pixels i32) (param $lut i32) (param $dst i32)
    (local $i i32) (local $p i32) (local $o i32) (local $plane i32)
    (local.set $plane (i32.shl (local.get $pixels) (i32.const 2)))
    (local.set $p (local.get $src))
    (local.set $o (local.get $dst))
    (local.set $i (i32.const 0))
    (block $done
      (loop $px
        (br_if $done (i32.ge_u (local.get $i) (local.get $pixels)))
        (f32.store (local.get $o)
          (f32.load (i32.add (local.get $lut) (i32.shl (i32.load8_u (local.get $p)) (i32.const 2)))))
        (f32.store (i32.add (local.get $o) (local.get $plane))
          (f32.load offset=1024 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 2)))))
        (f32.store (i32.add (local.get $o) (i32.shl (local.get $plane) (i32.const 1)))
          (f32.load offset=2048 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=2 (local.get $p)) (i32.const 2)))))
        (local.set $p (i32.add (local.get $p) (i32.const 3)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $px))))
)
