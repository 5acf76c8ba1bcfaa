import type { ActivationCodeView } from "@/lib/fleet/load-profile-page";

/**
 * The activation code as text (typed into a device by hand, no prefix) and
 * as a QR code (scanned, "LPA:" prefix). Rendered only for admins.
 */
export function ActivationCodePanel({
  activation,
  confirmationCodeRequired,
}: {
  activation: ActivationCodeView;
  confirmationCodeRequired: boolean;
}) {
  return (
    <section
      aria-labelledby="activation-code"
      className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-4"
    >
      <h2 id="activation-code" className="text-lg font-medium">
        Activation code
      </h2>
      <p
        data-testid="activation-code"
        className="break-all rounded bg-slate-100 px-3 py-2 font-mono text-sm"
      >
        {activation.code}
      </p>
      {activation.qrDataUrl ? (
        // A data URL of an SVG generated on the server: next/image adds
        // nothing for it.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={activation.qrDataUrl}
          alt="QR code of the activation code, to scan with the device's camera"
          width={200}
          height={200}
          className="self-start rounded border border-slate-200"
        />
      ) : (
        <p className="text-sm text-slate-600">
          The stored activation code is not in the standard format, so no QR
          code is shown. Enter the text on the device by hand.
        </p>
      )}
      {confirmationCodeRequired ? (
        <p className="text-sm text-slate-600">
          The device also asks for the confirmation code that was set when
          the profile was ordered. The portal never shows it.
        </p>
      ) : null}
    </section>
  );
}
