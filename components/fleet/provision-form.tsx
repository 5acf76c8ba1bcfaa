"use client";

import { useState } from "react";

import { provisionProfileAction } from "@/app/(portal)/fleet/actions/provision-profile-action";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import {
  eidProblem,
  eidTypingProblem,
  imeiProblem,
  imeiTypingProblem,
} from "@/lib/fleet/field-checks";
import type { CarrierOption } from "@/lib/fleet/fleet-row";
import type { ProvisionField } from "@/lib/fleet/form-schemas";
import {
  INITIAL_FORM_STATE,
  fieldError,
  type FormState,
} from "@/lib/fleet/form-state";

import { useFormAction } from "./use-form-action";

/**
 * The provision form. EID and IMEI are checked while the user types and
 * again by the server; the idempotency key comes from the server render,
 * so submitting the same form twice stores one operation.
 */
export function ProvisionForm({
  carriers,
  idempotencyKey,
}: {
  carriers: CarrierOption[];
  idempotencyKey: string;
}) {
  const { state, formAction, pending, onSubmit } = useFormAction(
    provisionProfileAction,
    INITIAL_FORM_STATE as FormState<ProvisionField>,
  );
  const [carrierId, setCarrierId] = useState(carriers[0]?.id ?? "");
  const carrier = carriers.find((entry) => entry.id === carrierId);
  const [profileType, setProfileType] = useState(
    carriers[0]?.profileTypes[0] ?? "",
  );
  const [eid, setEid] = useState("");
  const [imei, setImei] = useState("");
  const [checkedOnBlur, setCheckedOnBlur] = useState<Set<string>>(new Set());

  const blur = (field: string) =>
    setCheckedOnBlur((fields) => new Set(fields).add(field));

  // While typing, only a value that is already wrong is flagged; after
  // leaving the field, a value that is too short is flagged too.
  const eidShown =
    eidTypingProblem(eid) ??
    (checkedOnBlur.has("eid") && eid.trim() !== "" ? eidProblem(eid) : null);
  const imeiShown =
    imeiTypingProblem(imei) ??
    (checkedOnBlur.has("imei") && imei.trim() !== "" ? imeiProblem(imei) : null);

  const error = (field: ProvisionField, clientProblem?: string | null) =>
    clientProblem ?? fieldError(state, field);

  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-label="Provision a profile"
      className="flex max-w-xl flex-col gap-4"
    >
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormMessage message={state.message} />

      <SelectField
        id="carrierId"
        label="Carrier"
        required
        value={carrierId}
        error={error("carrierId")}
        onChange={(event) => {
          const next = carriers.find((entry) => entry.id === event.target.value);
          setCarrierId(event.target.value);
          setProfileType(next?.profileTypes[0] ?? "");
        }}
      >
        {carriers.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.name}
          </option>
        ))}
      </SelectField>

      <SelectField
        id="profileType"
        label="Profile type"
        required
        value={profileType}
        error={error("profileType")}
        description="The profile types this carrier's SM-DP+ offers."
        onChange={(event) => setProfileType(event.target.value)}
      >
        {(carrier?.profileTypes ?? []).map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </SelectField>

      <TextField
        id="eid"
        label="EID"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={eid}
        maxLength={40}
        description="32 digits from the device (Settings, About, EID). Leave empty to reserve a profile for any device."
        error={error("eid", eidShown)}
        onChange={(event) => setEid(event.target.value)}
        onBlur={() => blur("eid")}
      />

      <TextField
        id="confirmationCode"
        label="Confirmation code"
        type="password"
        autoComplete="new-password"
        description="4 to 64 characters the device user must enter before the download. Leave empty for none."
        error={error("confirmationCode")}
      />

      <TextField
        id="deviceName"
        label="Device name"
        required
        maxLength={100}
        error={error("deviceName")}
      />

      <TextField
        id="imei"
        label="IMEI"
        inputMode="numeric"
        autoComplete="off"
        value={imei}
        maxLength={20}
        description="15-digit IMEI or 16-digit IMEISV (dial *#06# on the device)."
        error={error("imei", imeiShown)}
        onChange={(event) => setImei(event.target.value)}
        onBlur={() => blur("imei")}
      />

      <TextField id="owner" label="Owner" maxLength={100} error={error("owner")} />
      <TextField
        id="ownerEmail"
        label="Owner e-mail"
        type="email"
        maxLength={254}
        error={error("ownerEmail")}
      />
      <TextField id="group" label="Group" maxLength={100} error={error("group")} />

      <div>
        <Button type="submit" disabled={pending || carriers.length === 0}>
          {pending ? "Submitting…" : "Provision profile"}
        </Button>
      </div>
    </form>
  );
}
